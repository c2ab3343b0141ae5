// Helpers for the API Setu v2 tests: the sandbox's key and guest account, bearer tokens for a
// mobile (issued as auth/confirmOTP issues them), and the OTP a sandbox server printed.
import { createHash } from 'node:crypto';
import { findEnabledGuest } from '../../src/core/cowin/guests.js';
import { beneficiaryToken } from '../../src/core/cowin/guests.js';
import { sandboxGuestUserName } from '../../src/sandbox/cowin-guest.js';
import { sandboxApiKey } from '../../src/sandbox/cowin-api-key.js';
import type { TestApp } from '../helpers/app.js';

export const PUBLIC_TEST_KEY = '3sjOr2rmM52GzhpMHjDEE1kpQeRxwFDr4YcBEimi';
export const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

export interface V2Context {
  key: string;
  guestId: number;
  /** Headers of a protected call for `mobile`. */
  as(mobile: string): Promise<Record<string, string>>;
}

export async function v2Context(t: TestApp): Promise<V2Context> {
  const guest = await findEnabledGuest(t.store.db, sandboxGuestUserName(t.config));
  if (!guest) throw new Error('the test template has no sandbox guest account');
  const key = sandboxApiKey(t.config);
  return {
    key,
    guestId: guest.id,
    async as(mobile) {
      return { 'x-api-key': key, authorization: `Bearer ${await beneficiaryToken(t.config.secret, mobile, guest.id)}` };
    },
  };
}

/** The OTPs printed for a mobile ending in `last4` in `output` (sandbox SMS lines), oldest first. */
export function printedOtps(output: string, last4: string): string[] {
  const re = new RegExp(`\\[sms to \\*{5}${last4}\\] (\\d{6}) is your OTP`, 'g');
  return [...output.matchAll(re)].map((m) => m[1]);
}
