import { Browser, chromium } from 'playwright-core';

/** Debian's Chromium unless CHROMIUM_PATH says otherwise (npm run test:browser; .ci/run installs it). */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Headless Chromium as this machine needs it: no sandbox as root, and none of its background traffic,
 * which the closed network here refuses (and which would count as third-party requests).
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}
