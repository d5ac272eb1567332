import Bowser from 'bowser';

/**
 * A readable name for a session created without `deviceName`: "Chrome on macOS", "Safari on iPhone".
 * Apple phones and tablets are named by model, which users recognise better than "iOS".
 */
export function deviceNameFromUserAgent(userAgent: string | null | undefined): string | null {
  if (!userAgent?.trim()) return null;
  const { browser, os, platform } = Bowser.parse(userAgent);
  const where = platform.vendor === 'Apple' && platform.model ? platform.model : os.name;
  if (browser.name && where) return `${browser.name} on ${where}`;
  return browser.name || where || null;
}
