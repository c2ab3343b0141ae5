// Every difference between SQLite and PostgreSQL that queries need, in one place.
// Queries elsewhere stay dialect-free and call these.
import { type RawBuilder, type SelectQueryBuilder, sql } from 'kysely';

export type DialectName = 'sqlite' | 'postgres';

/** Timestamps are generated in code as ISO-8601 UTC text, so they compare as strings on both. */
export function iso(d: Date = new Date()): string {
  return d.toISOString();
}

/** Booleans are stored as 0/1 integers on both databases. */
export function bool(v: boolean): number {
  return v ? 1 : 0;
}
export function isTrue(v: number | boolean | null | undefined): boolean {
  return v === 1 || v === true;
}

/** count(*) is a number from better-sqlite3 and (without our type parser) a string from pg. */
export function toCount(v: unknown): number {
  return v === null || v === undefined ? 0 : Number(v);
}

/** Rows changed by an update/delete result, whichever driver produced it. */
export function changed(
  result:
    | { numUpdatedRows?: bigint; numDeletedRows?: bigint }
    | { numUpdatedRows: bigint }
    | { numDeletedRows: bigint },
): number {
  const r = result as { numUpdatedRows?: bigint; numDeletedRows?: bigint };
  return Number(r.numUpdatedRows ?? r.numDeletedRows ?? 0n);
}

/* Upserts: Kysely's `onConflict(...)` compiles to the same `ON CONFLICT` clause on both databases, so
   queries use it directly. */

/** Row locks: `FOR UPDATE` on PostgreSQL; SQLite write transactions already hold the database lock. */
// biome-ignore lint/suspicious/noExplicitAny: any query of any table
export function forUpdate<QB extends SelectQueryBuilder<any, any, any>>(qb: QB, dialect: DialectName): QB {
  return dialect === 'postgres' ? (qb.forUpdate() as QB) : qb;
}

/**
 * A value for a RETURNING list that also sends the notification `prefix` + `column` on
 * `channel` from inside the statement (PostgreSQL delivers it only if and when the
 * transaction commits; a statement that changes no row sends none). Undefined on SQLite,
 * where nothing is sent.
 */
export function notifyFromStatement(
  dialect: DialectName,
  channel: string,
  prefix: string,
  column: string,
): RawBuilder<unknown> | undefined {
  return dialect === 'postgres' ? sql`pg_notify(${channel}, ${prefix} || ${sql.ref(column)})` : undefined;
}

/**
 * Can one statement write several tables (INSERTs chained in a WITH, each reading the
 * RETURNING rows of the one before)? PostgreSQL can; SQLite runs them one by one.
 */
export function chainsWrites(dialect: DialectName): boolean {
  return dialect === 'postgres';
}

/** Case-insensitive LIKE: ILIKE on PostgreSQL, LIKE (already case-insensitive for ASCII) on SQLite. */
/**
 * A LIMIT written into the statement's text rather than bound. SQLite (3.4x, with STAT4 as
 * better-sqlite3 builds it) uses a bound LIMIT's value when planning and so re-prepares the
 * statement on every execution, which cost a booking's slot check 140 µs instead of 25.
 */
export function fixedLimit(n: number): RawBuilder<number> {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`a LIMIT must be a whole number >= 0, not ${n}`);
  return sql.lit(n);
}

export function ilike(dialect: DialectName): 'ilike' | 'like' {
  return dialect === 'postgres' ? 'ilike' : 'like';
}

/** Rows per multi-row INSERT that stays under both databases' bound-parameter limits. */
export function batchSize(columns: number): number {
  return Math.max(1, Math.floor(30000 / Math.max(1, columns)));
}

/** Is this error a unique-constraint violation (SQLite or PostgreSQL)? */
export function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string; message?: string };
  return e?.code === '23505' || e?.code === 'SQLITE_CONSTRAINT_UNIQUE' || e?.code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/** Is this error a CHECK-constraint violation (e.g. a slot's booked count above its capacity)? */
export function isCheckViolation(err: unknown): boolean {
  const e = err as { code?: string };
  return e?.code === '23514' || e?.code === 'SQLITE_CONSTRAINT_CHECK';
}

/** Transient errors after which the whole transaction may simply run again. */
export function isRetryable(err: unknown): boolean {
  const e = err as { code?: string };
  return e?.code === '40001' || e?.code === '40P01' || e?.code === 'SQLITE_BUSY';
}
