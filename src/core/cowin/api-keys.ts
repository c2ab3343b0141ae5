// API keys (`x-api-key`) of the CoWIN API Setu v2 dialect. A key acts for one guest account
// (the partner application: its OTPs and the beneficiaries it registers), is shown once at
// creation and stored only as its SHA-256 hash. Its scope says which operations it may call:
// `public` the public APIs, `protected` the public and protected APIs, `vaccinator` the
// Vaccinator API (state governments: one state each, `state_id`, and only that state's
// beneficiaries and centres).
import { createHash, randomBytes } from 'node:crypto';
import { bool, changed, iso, isTrue, fixedLimit } from '../../store/dialect.js';
import type { Conn } from '../../store/index.js';
import type { ApiKey, ApiKeyScope } from '../../store/schema.js';
import { DomainError } from '../shared/errors.js';
import { createGuest } from './guests.js';

/** The test key API Setu published with its protected spec; clients hard-code it. Sandbox mode only. */
export const PUBLIC_TEST_KEY = '3sjOr2rmM52GzhpMHjDEE1kpQeRxwFDr4YcBEimi';

/** Scopes a key can be issued with. */
export const ISSUABLE_SCOPES: ApiKeyScope[] = ['public', 'protected', 'vaccinator'];

const KEY = /^[A-Za-z0-9_-]{16,128}$/;

export function hashApiKey(key: string): string {
  return createHash('sha256').update(`careslot-api-key:${key}`).digest('hex');
}

/**
 * A new random key: 40 characters of base64url (240 bits), the length of API Setu's keys. Never
 * one that starts with `-`: `careslot apikey disable KEY` would read it as an option (one key
 * in 64 did, and could then only be disabled after a `--`).
 */
export function newApiKey(): string {
  for (;;) {
    const key = randomBytes(30).toString('base64url');
    if (key[0] !== '-') return key;
  }
}

export interface CreateApiKeyInput {
  name: string;
  scope?: ApiKeyScope;
  stateId?: number | null;
  /** Act for this guest account; without it a guest account of the same name is created. */
  guestId?: number;
  /** A given key (the sandbox's derived key, the public test key); otherwise random. */
  key?: string;
  sandboxOnly?: boolean;
  now?: Date;
}

export async function createApiKey(db: Conn, input: CreateApiKeyInput): Promise<{ apiKey: ApiKey; key: string }> {
  const name = input.name.trim();
  if (!name || name.length > 200) throw new DomainError('invalid', 'name must be 1 to 200 characters');
  const scope = input.scope ?? 'protected';
  if (!ISSUABLE_SCOPES.includes(scope))
    throw new DomainError('invalid', `scope must be one of ${ISSUABLE_SCOPES.join(', ')}`);
  const stateId = input.stateId ?? null;
  if (scope === 'vaccinator') {
    if (stateId === null || !Number.isInteger(stateId))
      throw new DomainError(
        'invalid',
        'a vaccinator key needs its state: --state STATE_ID (see admin/location/states)',
      );
    const state = await db.selectFrom('states').select('id').where('id', '=', stateId).executeTakeFirst();
    if (!state) throw new DomainError('invalid', `state ${stateId} does not exist (see admin/location/states)`);
  } else if (stateId !== null) throw new DomainError('invalid', 'a state is set only on vaccinator keys');
  const key = input.key ?? newApiKey();
  if (!KEY.test(key)) throw new DomainError('invalid', 'a key must be 16 to 128 letters, digits, _ or -');
  const guestId = input.guestId ?? (await createGuest(db, { name })).guest.id;
  const apiKey = await db
    .insertInto('api_keys')
    .values({
      key_hash: hashApiKey(key),
      key_hint: key.slice(-4),
      name,
      scope,
      state_id: stateId,
      guest_id: guestId,
      sandbox_only: bool(input.sandboxOnly ?? false),
      disabled: 0,
      created_at: iso(input.now),
      disabled_at: null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return { apiKey, key };
}

/** What a verified key allows. */
export interface ApiKeyPrincipal {
  id: number;
  guestId: number;
  scope: ApiKeyScope;
  stateId: number | null;
}

/**
 * The enabled key with this value whose guest account is enabled too, or undefined (unknown,
 * disabled and sandbox-only keys outside sandbox mode look the same). One query. The lookup is
 * by the key's hash, so no comparison of secrets happens in JavaScript.
 */
export async function verifyApiKey(
  db: Conn,
  key: string | undefined,
  opts: { sandbox: boolean },
): Promise<ApiKeyPrincipal | undefined> {
  if (typeof key !== 'string' || !KEY.test(key)) return undefined;
  const row = await db
    .selectFrom('api_keys as k')
    .innerJoin('guests as g', 'g.id', 'k.guest_id')
    .select([
      'k.id',
      'k.guest_id',
      'k.scope',
      'k.state_id',
      'k.sandbox_only',
      'k.disabled',
      'g.disabled as guest_disabled',
    ])
    .where('k.key_hash', '=', hashApiKey(key))
    .executeTakeFirst();
  if (!row || isTrue(row.disabled) || isTrue(row.guest_disabled)) return undefined;
  if (isTrue(row.sandbox_only) && !opts.sandbox) return undefined;
  return { id: row.id, guestId: row.guest_id, scope: row.scope, stateId: row.state_id };
}

/** Is this key's value already stored (enabled or not)? */
export async function apiKeyExists(db: Conn, key: string): Promise<boolean> {
  const row = await db.selectFrom('api_keys').select('id').where('key_hash', '=', hashApiKey(key)).executeTakeFirst();
  return !!row;
}

/** Disable (or re-enable) a key by its value; it is refused at once. */
export async function setApiKeyDisabled(db: Conn, key: string, disabled: boolean, now = new Date()): Promise<boolean> {
  const r = await db
    .updateTable('api_keys')
    .set({ disabled: bool(disabled), disabled_at: disabled ? iso(now) : null })
    .where('key_hash', '=', hashApiKey(key))
    .executeTakeFirst();
  return changed(r) > 0;
}

/** Disable (or re-enable) a key by its id (the console, which never holds the key); false if there is none. */
export async function setApiKeyDisabledById(
  db: Conn,
  id: number,
  disabled: boolean,
  now = new Date(),
): Promise<boolean> {
  const r = await db
    .updateTable('api_keys')
    .set({ disabled: bool(disabled), disabled_at: disabled ? iso(now) : null })
    .where('id', '=', id)
    .executeTakeFirst();
  return changed(r) > 0;
}

export interface ApiKeySummary {
  id: number;
  name: string;
  /** Last 4 characters of the key; the key itself is never stored, and its hash is not listed. */
  hint: string;
  scope: ApiKeyScope;
  state_id: number | null;
  guest_id: number;
  guest_name: string;
  sandbox_only: boolean;
  disabled: boolean;
  created_at: string;
  disabled_at: string | null;
}

/** Every API key, newest first, for operators (never the key nor its hash). */
export async function listApiKeys(db: Conn): Promise<ApiKeySummary[]> {
  const rows = await db
    .selectFrom('api_keys as k')
    .innerJoin('guests as g', 'g.id', 'k.guest_id')
    .select([
      'k.id',
      'k.name',
      'k.key_hint',
      'k.scope',
      'k.state_id',
      'k.guest_id',
      'g.name as guest_name',
      'k.sandbox_only',
      'k.disabled',
      'k.created_at',
      'k.disabled_at',
    ])
    .orderBy('k.id', 'desc')
    .limit(fixedLimit(500))
    .execute();
  return rows.map((k) => ({
    id: k.id,
    name: k.name,
    hint: k.key_hint,
    scope: k.scope,
    state_id: k.state_id,
    guest_id: k.guest_id,
    guest_name: k.guest_name,
    sandbox_only: isTrue(k.sandbox_only),
    disabled: isTrue(k.disabled),
    created_at: k.created_at,
    disabled_at: k.disabled_at,
  }));
}
