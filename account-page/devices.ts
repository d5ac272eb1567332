import { el } from './dom.js';
import { timeElement } from './format.js';
import { describeUserAgent } from './user-agent.js';

/** A session as `GET /sessions` returns it. */
export interface Device {
  id: string;
  deviceName: string | null;
  userAgent: string | null;
  ip: string | null;
  createdAt: string;
  lastUsedAt: string;
  current: boolean;
}

export interface DeviceActions {
  rename(device: Device, name: string, button: HTMLButtonElement): void;
  signOut(device: Device, button: HTMLButtonElement): void;
}

/** This device first, then the most recently used. */
export function sortDevices(devices: Device[]): Device[] {
  return [...devices].sort((a, b) => Number(b.current) - Number(a.current) || b.lastUsedAt.localeCompare(a.lastUsedAt));
}

export function renderDevices(list: HTMLElement, devices: Device[], actions: DeviceActions): void {
  list.replaceChildren(...sortDevices(devices).map((device) => deviceItem(device, actions)));
}

function deviceItem(device: Device, actions: DeviceActions): HTMLLIElement {
  const name = device.deviceName ?? describeUserAgent(device.userAgent) ?? 'Unnamed device';
  const nameId = `device-${device.id}`;
  const browser = describeUserAgent(device.userAgent);
  const facts = [browser !== name ? browser : undefined, device.ip ? `IP ${device.ip}` : undefined].filter(Boolean).join(' · ');
  const item = el(
    'li',
    { class: device.current ? 'device current' : 'device', ...(device.current ? { 'aria-current': 'true' } : {}) },
    el('p', { class: 'device-name' }, el('strong', { id: nameId }, name), device.current && el('span', { class: 'badge' }, 'This device')),
    el('p', { class: 'device-meta' }, facts ? `${facts} · ` : '', 'Last used ', timeElement(device.lastUsedAt)),
  );
  const input = el('input', { name: 'deviceName', type: 'text', required: '', maxlength: '100', autocomplete: 'off' });
  input.value = name;
  const rename = el('button', { type: 'submit', class: 'secondary', 'aria-describedby': nameId }, 'Rename');
  const form = el('form', { class: 'rename', novalidate: '' }, el('label', {}, el('span', {}, 'Device name'), input), rename);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    actions.rename(device, input.value.trim(), rename);
  });
  const signOut = el('button', { type: 'button', class: 'secondary', 'aria-describedby': nameId }, 'Sign out');
  signOut.addEventListener('click', () => actions.signOut(device, signOut));
  item.append(el('div', { class: 'device-actions' }, form, signOut));
  return item;
}
