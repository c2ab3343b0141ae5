// Mobile OTP authentication (seed 002 B5/B6) and authentication by reference id + mobile +
// birth year (B7). OTPs are 6 digits, stored only as an HMAC of their SHA-256 hex, valid for
// 3 minutes, with 3 tries per transaction. Sends are limited per mobile per 15 minutes and per
// day; wrong birth-year answers lock a reference id for an hour. All of this state is in the
// database. Unknown and known mobiles get the same answers, so nothing here tells whether a
// mobile is registered.
import { createHash, createHmac, randomInt, randomUUID, timingSafeEqual } from 'node:crypto';
import { iso } from '../../store/dialect.js';
import type { Store } from '../../store/index.js';
import { extend, hit, peek, reset, secondsUntil, sweepCounters } from './counters.js';
import { DomainError } from '../shared/errors.js';
import type { SmsSender } from './sms.js';

export const OTP_TTL_SECONDS = 3 * 60;
export const OTP_TRIES = 3;
export const OTP_SENDS_PER_15_MIN = 3;
export const OTP_SENDS_PER_DAY = 10;
/** Default of OTP_SENDS_PER_GUEST_HOUR: one partner application cannot text the whole country. */
export const OTP_SENDS_PER_GUEST_HOUR = 1000;
export const DOB_TRIES = 5;
export const DOB_LOCK_SECONDS = 60 * 60;

const sha256hex = (s: string) => createHash('sha256').update(s).digest('hex');
const seal = (secret: string, otpSha: string, txnId: string) =>
  createHmac('sha256', secret).update(`careslot-otp:${txnId}:${otpSha}`).digest('hex');

/** The OTP as its SHA-256 hex: accepts the 6 digits (seed) or the SHA-256 hex (CoWIN clients). */
export function otpDigest(raw: string | number): string {
  const s = String(raw).trim();
  if (/^\d{6}$/.test(s)) return sha256hex(s);
  if (/^[0-9a-fA-F]{64}$/.test(s)) return s.toLowerCase();
  throw new DomainError('otp_format', 'otp must be the 6-digit OTP or its SHA-256 hex');
}

export interface StartedOtp {
  txnId: string;
  otp: string;
  expiresAt: Date;
}

/** Send an OTP to `mobile` for guest account `guestId`. */
export async function startOtp(
  store: Store,
  opts: { mobile: string; guestId: number; secret: string; sender: SmsSender; guestHourlyLimit?: number; now?: Date },
): Promise<StartedOtp> {
  const now = opts.now ?? new Date();
  const guestLimit = opts.guestHourlyLimit ?? OTP_SENDS_PER_GUEST_HOUR;
  const perGuest = await hit(store.db, `otp-send:guest:${opts.guestId}`, 3600, now);
  if (perGuest.count > guestLimit) {
    const retry = secondsUntil(perGuest.expiresAt, now);
    throw new DomainError(
      'otp_send_limit',
      `This guest account has sent ${guestLimit} OTPs this hour, its limit; retry after ${retry} seconds (at ${iso(perGuest.expiresAt)})`,
      { retry_after_seconds: retry },
    );
  }
  for (const [window, seconds, limit, label] of [
    ['15m', 15 * 60, OTP_SENDS_PER_15_MIN, '15 minutes'],
    ['day', 24 * 3600, OTP_SENDS_PER_DAY, 'day'],
  ] as const) {
    const c = await hit(store.db, `otp-send:${window}:${opts.mobile}`, seconds, now);
    if (c.count > limit) {
      const retry = secondsUntil(c.expiresAt, now);
      throw new DomainError(
        'otp_send_limit',
        `At most ${limit} OTPs can be sent to one mobile number per ${label}; retry after ${retry} seconds (at ${iso(c.expiresAt)})`,
        { retry_after_seconds: retry },
      );
    }
  }
  // 100000..999999: no leading zero, so the OTP survives being sent as a JSON number (as the seed does).
  const otp = String(randomInt(100_000, 1_000_000));
  const txnId = randomUUID();
  const expiresAt = new Date(now.getTime() + OTP_TTL_SECONDS * 1000);
  await store.db
    .insertInto('otp_transactions')
    .values({
      id: txnId,
      mobile: opts.mobile,
      guest_id: opts.guestId,
      otp_hash: seal(opts.secret, sha256hex(otp), txnId),
      expires_at: iso(expiresAt),
      consumed_at: null,
      created_at: iso(now),
    })
    .execute();
  try {
    await opts.sender.send({
      to: opts.mobile,
      kind: 'otp',
      text: `${otp} is your OTP to sign in for vaccination appointments. It is valid for 3 minutes. Do not share it.`,
    });
  } catch (err) {
    await store.db
      .updateTable('otp_transactions')
      .set({ consumed_at: iso(now) })
      .where('id', '=', txnId)
      .execute();
    throw err;
  }
  // Housekeeping: old transactions and ended counter windows.
  await store.db
    .deleteFrom('otp_transactions')
    .where('created_at', '<', iso(new Date(now.getTime() - 24 * 3600_000)))
    .execute();
  await sweepCounters(store.db, now);
  return { txnId, otp, expiresAt };
}

/** Check an OTP for a transaction this guest account started; returns the mobile it proves. */
export async function verifyOtp(
  store: Store,
  opts: { txnId: string; otp: string | number; guestId: number; secret: string; now?: Date },
): Promise<string> {
  const now = opts.now ?? new Date();
  const digest = otpDigest(opts.otp);
  const unknown = () =>
    new DomainError(
      'txn_unknown',
      'txnId is not an open OTP transaction of this guest account (unknown, already used, or started by another account); request a new OTP with auth/confirmMobileOTP',
    );
  const txn = await store.db
    .selectFrom('otp_transactions')
    .selectAll()
    .where('id', '=', opts.txnId)
    .where('guest_id', '=', opts.guestId)
    .executeTakeFirst();
  if (!txn || txn.consumed_at !== null) throw unknown();
  if (txn.expires_at <= iso(now))
    throw new DomainError(
      'otp_expired',
      'The OTP has expired (OTPs are valid for 3 minutes); request a new one with auth/confirmMobileOTP',
    );
  // Take a try first, atomically: once the tries are used up, even the right OTP fails.
  const took = await store.db
    .updateTable('otp_transactions')
    .set((eb) => ({ attempts: eb('attempts', '+', 1) }))
    .where('id', '=', txn.id)
    .where('attempts', '<', OTP_TRIES)
    .where('consumed_at', 'is', null)
    .returning('attempts')
    .executeTakeFirst();
  if (!took)
    throw new DomainError(
      'otp_tries',
      `This txnId has used its ${OTP_TRIES} tries; request a new OTP with auth/confirmMobileOTP`,
    );
  const expected = Buffer.from(txn.otp_hash, 'hex');
  const given = Buffer.from(seal(opts.secret, digest, txn.id), 'hex');
  if (!timingSafeEqual(expected, given)) {
    const left = OTP_TRIES - Number(took.attempts);
    throw new DomainError(
      'otp_invalid',
      left > 0
        ? `Invalid OTP; ${left} ${left === 1 ? 'try' : 'tries'} left for this txnId`
        : 'Invalid OTP; no tries left for this txnId: request a new OTP with auth/confirmMobileOTP',
    );
  }
  const used = await store.db
    .updateTable('otp_transactions')
    .set({ consumed_at: iso(now) })
    .where('id', '=', txn.id)
    .where('consumed_at', 'is', null)
    .executeTakeFirst();
  if (Number(used.numUpdatedRows) === 0) throw unknown();
  return txn.mobile;
}

/**
 * Authenticate by reference id + mobile + birth year (B7); returns the mobile. Wrong answers are
 * counted per reference id (known or not, so the lock itself reveals nothing): the 5th wrong
 * answer within an hour locks it for an hour.
 */
export async function verifyMobileDob(
  store: Store,
  opts: { referenceId: number; mobile: string; birthYear: number; now?: Date },
): Promise<string> {
  const now = opts.now ?? new Date();
  const key = `dob:${opts.referenceId}`;
  const locked = (until: Date) =>
    new DomainError(
      'dob_locked',
      `Too many wrong answers for this beneficiary reference id; retry after ${secondsUntil(until, now)} seconds (at ${iso(until)})`,
      { retry_after_seconds: secondsUntil(until, now) },
    );
  const before = await peek(store.db, key, now);
  if (before.count >= DOB_TRIES) throw locked(before.expiresAt);
  const tries = await hit(store.db, key, DOB_LOCK_SECONDS, now);
  if (tries.count > DOB_TRIES) throw locked(tries.expiresAt);
  const b = await store.db
    .selectFrom('beneficiaries')
    .select(['mobile', 'birth_year'])
    .where('reference_id', '=', opts.referenceId)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  if (b && b.mobile === opts.mobile && Number(b.birth_year) === opts.birthYear) {
    await reset(store.db, key);
    return b.mobile;
  }
  const left = DOB_TRIES - tries.count;
  if (left <= 0) {
    const until = new Date(now.getTime() + DOB_LOCK_SECONDS * 1000);
    await extend(store.db, key, until);
    throw new DomainError(
      'dob_mismatch',
      `The reference id, mobile and birth year do not match; this reference id is now locked for an hour (until ${iso(until)})`,
    );
  }
  throw new DomainError(
    'dob_mismatch',
    `The reference id, mobile and birth year do not match; ${left} ${left === 1 ? 'try' : 'tries'} left before a one-hour lock`,
  );
}
