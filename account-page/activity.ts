import { el } from './dom.js';
import { timeElement } from './format.js';
import { activityText } from './messages.js';

/** A security event as `GET /users/me/activity` returns it. */
export interface ActivityEvent {
  type: string;
  at: string;
  ip: string | null;
  deviceName: string | null;
}

const ALARMING = new Set(['login_failed', 'password_change_failed', 'refresh_token_reused', 'user_disabled']);

export function renderActivity(list: HTMLElement, events: ActivityEvent[]): void {
  if (events.length === 0) {
    list.replaceChildren(el('li', { class: 'empty' }, 'No activity yet.'));
    return;
  }
  list.replaceChildren(...events.map(activityItem));
}

function activityItem(event: ActivityEvent): HTMLLIElement {
  const where = [event.deviceName, event.ip ? `IP ${event.ip}` : undefined].filter(Boolean).join(' · ');
  return el(
    'li',
    { class: ALARMING.has(event.type) ? 'event alarming' : 'event' },
    el('span', { class: 'event-what' }, activityText(event.type)),
    el('span', { class: 'event-meta' }, timeElement(event.at), where ? ` · ${where}` : ''),
  );
}
