import type { SignOutReason } from '../client/index.js';
import { type ActivityEvent, renderActivity } from './activity.js';
import { type Device, renderDevices } from './devices.js';
import { busy, byId, clearError, formText, showError } from './dom.js';
import { errorMessage, signedOutText } from './messages.js';
import { AccountSession } from './session.js';

const view = {
  notice: byId('notice'),
  loading: byId('loading'),
  whoami: byId('whoami'),
  signIn: byId('sign-in'),
  signInForm: byId<HTMLFormElement>('sign-in-form'),
  signInError: byId('sign-in-error'),
  account: byId('account'),
  devices: byId('devices'),
  devicesError: byId('devices-error'),
  signOutOthers: byId<HTMLButtonElement>('sign-out-others'),
  logoutAll: byId<HTMLButtonElement>('logout-all'),
  confirm: byId<HTMLDialogElement>('confirm-logout-all'),
  confirmYes: byId<HTMLButtonElement>('confirm-logout-all-yes'),
  confirmCancel: byId<HTMLButtonElement>('confirm-cancel'),
  passwordForm: byId<HTMLFormElement>('password-form'),
  passwordError: byId('password-error'),
  activity: byId('activity'),
  activityError: byId('activity-error'),
};

/** What this tab asked for, so a sign-out it caused reads differently from one another tab caused. */
let pendingSignOut: 'logout' | 'all' | undefined;

const session = new AccountSession({
  signedIn: () => void showAccount(),
  signedOut: (reason) => showSignIn(signOutMessage(reason)),
});

function signOutMessage(reason: SignOutReason): string {
  const asked = pendingSignOut;
  pendingSignOut = undefined;
  if (asked) return signedOutText(asked);
  return signedOutText(reason === 'logout' ? 'elsewhere' : reason);
}

function notify(message: string, focus = false): void {
  view.notice.textContent = message;
  view.notice.hidden = false;
  if (focus) view.notice.focus();
}

function showSignIn(message?: string): void {
  view.loading.hidden = true;
  view.account.hidden = true;
  view.whoami.hidden = true;
  view.signIn.hidden = false;
  view.confirm.close();
  if (message) notify(message, true);
  else view.notice.hidden = true;
}

async function showAccount(): Promise<void> {
  view.loading.hidden = true;
  view.signIn.hidden = true;
  view.account.hidden = false;
  await Promise.all([loadMe(), loadDevices(), loadActivity()]);
}

async function loadMe(): Promise<void> {
  const me = await session.api<{ email: string }>('/users/me').catch(() => undefined);
  if (!me) return;
  view.whoami.textContent = `Signed in as ${me.email}`;
  // For password managers, which pair a new password with the account it belongs to.
  byId<HTMLInputElement>('password-username').value = me.email;
  view.whoami.hidden = false;
}

async function loadDevices(): Promise<void> {
  try {
    const devices = await session.api<Device[]>('/sessions');
    renderDevices(view.devices, devices, { rename, signOut: signOutDevice });
    clearError(view.devicesError);
  } catch (error) {
    if (session.isSignedIn) showError(view.devicesError, errorMessage(error, 'load'));
  }
}

async function loadActivity(): Promise<void> {
  try {
    renderActivity(view.activity, await session.api<ActivityEvent[]>('/users/me/activity?limit=20'));
    clearError(view.activityError);
  } catch (error) {
    if (session.isSignedIn) showError(view.activityError, errorMessage(error, 'load'));
  }
}

/** Runs a device action, reporting its failure beside the device list and reloading the list either way. */
async function deviceAction(button: HTMLButtonElement, work: () => Promise<string>): Promise<void> {
  clearError(view.devicesError);
  try {
    notify(await busy(button, work));
  } catch (error) {
    if (session.isSignedIn) showError(view.devicesError, errorMessage(error, 'device'));
  }
  if (session.isSignedIn) await Promise.all([loadDevices(), loadActivity()]);
}

function rename(device: Device, name: string, button: HTMLButtonElement): void {
  if (!name) return showError(view.devicesError, 'Enter a device name.');
  void deviceAction(button, async () => {
    await session.api(`/sessions/${encodeURIComponent(device.id)}`, { method: 'PATCH', body: { deviceName: name } });
    return `Device renamed to “${name}”.`;
  });
}

function signOutDevice(device: Device, button: HTMLButtonElement): void {
  if (device.current) {
    pendingSignOut = 'logout';
    void busy(button, () => session.signOut());
    return;
  }
  void deviceAction(button, async () => {
    await session.api(`/sessions/${encodeURIComponent(device.id)}`, { method: 'DELETE' });
    return 'That device is signed out.';
  });
}

view.signOutOthers.addEventListener('click', () => {
  void deviceAction(view.signOutOthers, async () => {
    await session.api('/sessions', { method: 'DELETE' });
    return 'Your other devices are signed out.';
  });
});

view.logoutAll.addEventListener('click', () => view.confirm.showModal());
view.confirmCancel.addEventListener('click', () => {
  view.confirm.close();
  view.logoutAll.focus();
});
view.confirmYes.addEventListener('click', () => {
  pendingSignOut = 'all';
  void busy(view.confirmYes, () => session.logoutAll());
});

view.signInForm.addEventListener('submit', (event) => {
  event.preventDefault();
  const data = new FormData(view.signInForm);
  const email = formText(data, 'email').trim();
  const password = formText(data, 'password');
  clearError(view.signInError);
  if (!email || !password) return showError(view.signInError, 'Enter your email address and password.');
  const button = view.signInForm.querySelector('button')!;
  void busy(button, async () => {
    try {
      await session.signIn(email, password);
      view.signInForm.reset();
      view.notice.hidden = true;
      await showAccount();
      byId('devices-title').focus();
    } catch (error) {
      showError(view.signInError, errorMessage(error, 'signIn'));
    }
  });
});

view.passwordForm.addEventListener('submit', (event) => {
  event.preventDefault();
  const data = new FormData(view.passwordForm);
  const currentPassword = formText(data, 'currentPassword');
  const newPassword = formText(data, 'newPassword');
  clearError(view.passwordError);
  if (!currentPassword || !newPassword) return showError(view.passwordError, 'Enter your current password and a new one.');
  if (newPassword.length < 8) return showError(view.passwordError, 'The new password needs at least 8 characters.');
  const button = view.passwordForm.querySelector('button')!;
  void busy(button, async () => {
    try {
      await session.changePassword(currentPassword, newPassword);
      view.passwordForm.reset();
      notify('Password changed. Your other devices are signed out; this one stays signed in.', true);
      await Promise.all([loadDevices(), loadActivity()]);
    } catch (error) {
      if (session.isSignedIn) showError(view.passwordError, errorMessage(error, 'password'));
    }
  });
});

async function start(): Promise<void> {
  try {
    if (await session.resume()) return await showAccount();
    showSignIn();
  } catch (error) {
    showSignIn();
    showError(view.signInError, errorMessage(error, 'load'));
  }
}

void start();
