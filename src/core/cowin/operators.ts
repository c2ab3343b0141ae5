// Operator accounts: email + scrypt password (per-user salt), role admin|facility.
// Wrong passwords are counted in the database; after MAX_FAILED in a row the account is
// locked for LOCK_MINUTES, whichever server process receives the attempts.
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import { isTrue, isUniqueViolation, iso } from '../../store/dialect.js';
import type { Conn } from '../../store/index.js';
import type { Operator, OperatorRole } from '../../store/schema.js';
import { DomainError } from '../shared/errors.js';
import { addMinutes } from '../shared/time.js';
import { verifyToken } from '../shared/tokens.js';

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
 * `operator_token_missing`, `operator_token_invalid` (saying why) or `operator_role`; each API
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
    throw new DomainError(
      'operator_token_invalid',
      `the operator token is ${result.reason === 'expired' ? 'expired; log in again' : 'not valid'}`,
    );
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

/** Check an operator's credentials; throws `login_failed` or `login_locked`. */
export async function authenticateOperator(
  db: Conn,
  email: string,
  password: string,
  now: Date = new Date(),
): Promise<Operator> {
  const op = await db
    .selectFrom('operators')
    .selectAll()
    .where('email', '=', email.trim().toLowerCase())
    .executeTakeFirst();
  if (!op) {
    dummyHash ??= hashPassword('not-a-real-password');
    await verifyPassword(password, await dummyHash);
    throw new DomainError('login_failed', 'email or password is wrong');
  }
  if (op.locked_until && op.locked_until > iso(now)) {
    throw new DomainError('login_locked', `too many wrong passwords: the account is locked until ${op.locked_until}`, {
      retry_after_seconds: Math.ceil((Date.parse(op.locked_until) - now.getTime()) / 1000),
    });
  }
  const ok = await verifyPassword(password, op.password_hash);
  if (!ok) {
    // Counted in one statement so that concurrent attempts on several processes all count.
    const row = await db
      .updateTable('operators')
      .set((eb) => ({ failed_logins: eb('failed_logins', '+', 1) }))
      .where('id', '=', op.id)
      .returning(['failed_logins'])
      .executeTakeFirstOrThrow();
    if (row.failed_logins >= MAX_FAILED) {
      await db
        .updateTable('operators')
        .set({ failed_logins: 0, locked_until: iso(addMinutes(now, LOCK_MINUTES)) })
        .where('id', '=', op.id)
        .execute();
    }
    throw new DomainError('login_failed', 'email or password is wrong');
  }
  if (op.disabled) throw new DomainError('login_failed', 'this operator account is disabled');
  if (op.failed_logins > 0 || op.locked_until) {
    await db.updateTable('operators').set({ failed_logins: 0, locked_until: null }).where('id', '=', op.id).execute();
  }
  return op;
}
