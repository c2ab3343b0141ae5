// Debian's Chromium, driven by playwright-core, for the browser tests (the API hub and the
// operator console).
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';

/** The `skip` of a browser suite: false when Chromium is installed, else why it is skipped. */
export const noChromium = existsSync(CHROMIUM) ? false : `${CHROMIUM} is not installed (.ci/run installs it)`;

/**
 * Chromium, headless, with `args` beside the usual ones. It runs on the real clock: under
 * `npm run test:clock` the tests and the server see a faked one (libfaketime, preloaded), but
 * Chromium with libfaketime preloaded crashes at start, so it is launched without it.
 */
export function launchChromium(args: string[] = []): Promise<Browser> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env))
    if (v !== undefined && k !== 'LD_PRELOAD' && !k.startsWith('FAKETIME')) env[k] = v;
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-sync',
      ...args,
    ],
    env,
  });
}
