// Operator accounts: email + scrypt password (per-user salt), role admin|facility.
// Login attempts are counted per email address in the database (rate_counters) before the
// password is checked; after MAX_FAILED without a success the address is locked for
// LOCK_MINUTES, whichever server process receives the attempts.
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import { isTrue, isUniqueViolation, iso } from '../../store/dialect.js';
import type { Conn } from '../../store/index.js';
import type { Operator, OperatorRole } from '../../store/schema.js';
import { DomainError } from '../shared/errors.js';
import { addMinutes } from '../shared/time.js';
import { verifyToken } from '../shared/tokens.js';
import { extend, hit, reset, secondsUntil } from './counters.js';

const scryptAsync = promisify(scrypt) as (pw: string, salt: Buffer, len: number, opts: object) => Promise<Buffer>;
const KEY_LEN = 32;
const PARAMS = { N: 16384, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };
export const MAX_FAILED = 5;
export const LOCK_MINUTES = 15;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const hash = await scryptAsync(password, salt, KEY_LEN, PARAMS);
  return `scrypt$${salt.toString('hex')}$${hash.toString('hex')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, saltHex, hashHex] = stored.split('$');
  if (scheme !== 'scrypt' || !saltHex || !hashHex) return false;
  const expected = Buffer.from(hashHex, 'hex');
  const actual = await scryptAsync(password, Buffer.from(saltHex, 'hex'), expected.length, PARAMS);
  return timingSafeEqual(actual, expected);
}

// Compared against when the email is unknown, so that the answer takes as long either way.
let dummyHash: Promise<string> | undefined;

export interface OperatorInput {
  email: string;
  password: string;
  role?: OperatorRole;
}

export function validateOperator(input: OperatorInput): void {
  if (!EMAIL.test(input.email) || input.email.length > 254)
    throw new DomainError('invalid', 'email must be an email address like ops@example.org', { field: 'email' });
  if (input.password.length < 10)
    throw new DomainError('invalid', 'password must be at least 10 characters', { field: 'password' });
  if (input.role && input.role !== 'admin' && input.role !== 'facility')
    throw new DomainError('invalid', 'role must be admin or facility', { field: 'role' });
}

export async function createOperator(db: Conn, input: OperatorInput): Promise<Operator> {
  validateOperator(input);
  try {
    return await db
      .insertInto('operators')
      .values({
        email: input.email.trim().toLowerCase(),
        password_hash: await hashPassword(input.password),
        role: input.role ?? 'facility',
        disabled: 0,
        locked_until: null,
        created_at: iso(),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
  } catch (err) {
    if (isUniqueViolation(err))
      throw new DomainError('conflict', `an operator with email ${input.email} already exists`, { field: 'email' });
    throw err;
  }
}

export async function getOperator(db: Conn, id: number): Promise<Operator | undefined> {
  return db.selectFrom('operators').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The operator behind a verified operator token. */
export interface OperatorPrincipal {
  id: number;
  role: OperatorRole;
}

const isRole = (v: unknown): v is OperatorRole => v === 'admin' || v === 'facility';

/**
 * The operator a bearer token stands for: the token verified (signature, expiry, audience
 * 'operator'), its role claim read, and its account still existing, enabled and with that role
 * (an operator token stops working as soon as its account is disabled, removed or changes
 * role). With `roles`, the operator must also have one of them. Throws
 * `operator_token_missing`, `token_expired`, `operator_token_invalid` (saying why) or `operator_role`; each API
 * dialect words these its own way.
 */
export async function verifyOperator(
  db: Conn,
  secret: string,
  token: string | undefined,
  options: { roles?: readonly OperatorRole[]; now?: Date } = {},
): Promise<OperatorPrincipal> {
  const result = await verifyToken(secret, token, ['operator'], options.now);
  if (!result.ok) {
    if (result.reason === 'missing')
      throw new DomainError(
        'operator_token_missing',
        'the Authorization header is missing: send Authorization: Bearer <operator token>',
      );
    if (result.reason === 'expired')
      throw new DomainError('token_expired', 'the operator token has expired; log in again for a new one');
    throw new DomainError('operator_token_invalid', 'the operator token is not valid');
  }
  const { sub, role } = result.claims;
  if (!isRole(role)) throw new DomainError('operator_token_invalid', 'the operator token carries no role');
  const id = Number(sub);
  const op = Number.isSafeInteger(id) ? await getOperator(db, id) : undefined;
  if (!op)
    throw new DomainError(
      'operator_token_invalid',
      'the operator account is disabled or no longer exists: it no longer exists',
    );
  if (isTrue(op.disabled))
    throw new DomainError(
      'operator_token_invalid',
      'the operator account is disabled or no longer exists: it is disabled',
    );
  if (op.role !== role)
    throw new DomainError(
      'operator_token_invalid',
      `the operator's role changed to ${op.role} after this token was issued; log in again`,
    );
  if (options.roles && !options.roles.includes(role)) {
    throw new DomainError(
      'operator_role',
      `this endpoint needs an operator with role ${options.roles.join(' or ')}; yours is ${role}`,
    );
  }
  return { id: op.id, role };
}

/** The login attempts of one email address, counted in the shared counters table. */
const loginKey = (email: string) => `operator-login:${email}`;

/**
 * Check an operator's credentials; throws `login_failed` or `login_locked`.
 *
 * Every attempt is counted, atomically and BEFORE the slow password hash, under its email
 * address (known or not, so the answers do not tell which addresses exist): the 6th attempt
 * within LOCK_MINUTES without a success is refused without checking the password, whatever
 * the concurrency and the number of server processes. A right password clears the count.
 */
export async function authenticateOperator(
  db: Conn,
  email: string,
  password: string,
  now: Date = new Date(),
): Promise<Operator> {
  const address = email.trim().toLowerCase();
  const key = loginKey(address);
  const attempt = await hit(db, key, LOCK_MINUTES * 60, now);
  if (attempt.count > MAX_FAILED) {
    throw new DomainError('login_locked', 'too many wrong passwords: try again later', {
      retry_after_seconds: secondsUntil(attempt.expiresAt, now),
    });
  }
  const op = await db.selectFrom('operators').selectAll().where('email', '=', address).executeTakeFirst();
  dummyHash ??= hashPassword('not-a-real-password');
  const ok = await verifyPassword(password, op ? op.password_hash : await dummyHash);
  if (!op || !ok) {
    // The last allowed wrong password locks the address for LOCK_MINUTES from now.
    if (attempt.count === MAX_FAILED) await extend(db, key, addMinutes(now, LOCK_MINUTES));
    throw new DomainError('login_failed', 'email or password is wrong');
  }
  if (isTrue(op.disabled)) throw new DomainError('login_failed', 'this operator account is disabled');
  await reset(db, key);
  return op;
}
