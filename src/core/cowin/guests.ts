// Guest accounts: the partner applications that call the Registration & Appointment API.
// A guest logs in with its user_name alone (as the seed's A1 shows), so the user_name is a
// credential: random, shown once at creation, and stored only as its SHA-256 hash.
import { createHash, randomBytes } from 'node:crypto';
import { bool, changed, iso, isTrue, fixedLimit } from '../../store/dialect.js';
import { afterCommit, type Conn } from '../../store/index.js';
import type { Guest } from '../../store/schema.js';
import { availabilityTtl, catalogueVersion } from '../scheduling/changes.js';
import { DomainError } from '../shared/errors.js';
import { cached, TtlCache } from '../shared/ttl-cache.js';
import { signToken, type TokenClaims } from '../shared/tokens.js';

/** Guest tokens last 15 minutes (seed 002, A1). */
export const GUEST_TOKEN_SECONDS = 15 * 60;
/** Beneficiary tokens (auth/mobileOTP, auth/confirmMobileDob, beneficiary/add) last 15 minutes too. */
export const BENEFICIARY_TOKEN_SECONDS = 15 * 60;

const USER_NAME = /^[A-Za-z0-9_-]{8,128}$/;

export function hashUserName(userName: string): string {
  return createHash('sha256').update(`careslot-guest:${userName}`).digest('hex');
}

/** A new random user_name: 20 lowercase hex characters (80 bits). */
export function newUserName(): string {
  return randomBytes(10).toString('hex');
}

export interface CreatedGuest {
  guest: Guest;
  userName: string;
}

/** Create a guest account; `userName` is for the sandbox's derived account, otherwise random. */
export async function createGuest(db: Conn, input: { name: string; userName?: string }): Promise<CreatedGuest> {
  const name = input.name.trim();
  if (!name || name.length > 200) throw new DomainError('invalid', 'name must be 1 to 200 characters');
  const userName = input.userName ?? newUserName();
  if (!USER_NAME.test(userName)) throw new DomainError('invalid', 'user_name must be 8 to 128 letters, digits, _ or -');
  const guest = await db
    .insertInto('guests')
    .values({
      user_name: hashUserName(userName),
      user_name_hint: userName.slice(-4),
      name,
      disabled: 0,
      created_at: iso(),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return { guest, userName };
}

/** The enabled guest account with this user_name, or undefined (unknown and disabled look the same). */
export async function findEnabledGuest(db: Conn, userName: string): Promise<Guest | undefined> {
  if (typeof userName !== 'string' || !USER_NAME.test(userName)) return undefined;
  const guest = await db
    .selectFrom('guests')
    .selectAll()
    .where('user_name', '=', hashUserName(userName))
    .executeTakeFirst();
  return guest && !isTrue(guest.disabled) ? guest : undefined;
}

// Every guest request asks whether its account is still enabled. Where other processes'
// commits are watched (SQLite: any of them moves `catalogueVersion()`) or heard (PostgreSQL
// while listening: the `guests` trigger of migration 0012 announces every disable or enable,
// made by Careslot or by hand in SQL, and moves it), the answer is kept until
// this process disables or enables a guest or another process does, so a disabled guest is
// still refused at once; elsewhere (PostgreSQL listener down) it is read every time.
const enabledCache = new TtlCache<number, boolean>(
  () => (availabilityTtl(1) === Number.POSITIVE_INFINITY ? Number.POSITIVE_INFINITY : 0),
  100_000,
);
let guestChanges = 0;
const enabledVersion = () => catalogueVersion() * 1024 + (guestChanges % 1024);

export async function isGuestEnabled(db: Conn, guestId: number): Promise<boolean> {
  if (!Number.isSafeInteger(guestId)) return false;
  const known = knownGuestEnabled(guestId);
  if (known !== undefined) return known;
  return cached(enabledCache, guestId, enabledVersion, async () => {
    const row = await db.selectFrom('guests').select('disabled').where('id', '=', guestId).executeTakeFirst();
    return !!row && !isTrue(row.disabled);
  });
}

/**
 * What `isGuestEnabled` would answer without reading the database: the kept answer while it
 * still holds, else undefined (the answer would need a read). For the synchronous read path
 * (api/fast-reads.ts).
 */
export function knownGuestEnabled(guestId: number): boolean | undefined {
  return Number.isSafeInteger(guestId) ? enabledCache.get(guestId, enabledVersion()) : false;
}

/** Disable (or re-enable) a guest account by user_name; its tokens stop working at once. */
export async function setGuestDisabled(db: Conn, userName: string, disabled: boolean): Promise<boolean> {
  const r = await db
    .updateTable('guests')
    .set({ disabled: bool(disabled), disabled_at: disabled ? iso() : null })
    .where('user_name', '=', hashUserName(userName))
    .executeTakeFirst();
  afterCommit(db, () => guestChanges++);
  return changed(r) > 0;
}

/** Log in: a guest token for an enabled account, or undefined. */
export async function guestLogin(
  db: Conn,
  secret: string,
  userName: string,
  now = new Date(),
): Promise<string | undefined> {
  const guest = await findEnabledGuest(db, userName);
  if (!guest) return undefined;
  return signToken(secret, { kind: 'guest', sub: String(guest.id) }, GUEST_TOKEN_SECONDS, now);
}

/** A beneficiary token bound to one mobile, issued through a guest account. */
export function beneficiaryToken(secret: string, mobile: string, guestId: number, now = new Date()): Promise<string> {
  const claims: TokenClaims = { kind: 'beneficiary', sub: mobile, guest_id: guestId };
  return signToken(secret, claims, BENEFICIARY_TOKEN_SECONDS, now);
}

/** The guest account id a token acts for: the guest itself, or the guest a beneficiary token came through. */
export function guestIdOf(claims: TokenClaims): number {
  return claims.kind === 'guest' ? Number(claims.sub) : Number(claims.guest_id);
}

export interface GuestSummary {
  id: number;
  name: string;
  /** Last 4 characters of the user_name; the user_name itself is never stored. */
  hint: string;
  disabled: boolean;
  created_at: string;
}

/** Every guest account, newest first, for operators (never the user_name). */
export async function listGuests(db: Conn): Promise<GuestSummary[]> {
  const rows = await db.selectFrom('guests').selectAll().orderBy('id', 'desc').limit(fixedLimit(500)).execute();
  return rows.map((g) => ({
    id: g.id,
    name: g.name,
    hint: g.user_name_hint,
    disabled: isTrue(g.disabled),
    created_at: g.created_at,
  }));
}

/** Disable (or re-enable) a guest account by its id; false if there is none. */
export async function setGuestDisabledById(db: Conn, id: number, disabled: boolean): Promise<boolean> {
  const r = await db
    .updateTable('guests')
    .set({ disabled: bool(disabled), disabled_at: disabled ? iso() : null })
    .where('id', '=', id)
    .executeTakeFirst();
  afterCommit(db, () => guestChanges++);
  return changed(r) > 0;
}
