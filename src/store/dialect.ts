// Every difference between SQLite and PostgreSQL that queries need, in one place.
// Queries elsewhere stay dialect-free and call these.
import { type RawBuilder, type SelectQueryBuilder, sql } from 'kysely';

export type DialectName = 'sqlite' | 'postgres';

const DAY_MS = 86_400_000;
/** 10000-01-01T00:00:00Z: from here on `toISOString` writes six-digit years. */
const YEAR_10000_MS = 253_402_300_800_000;
/** The UTC day `iso` last wrote, and its `YYYY-MM-DDT`. */
let dayStart = Number.NaN;
let dayText = '';
const two = (n: number) => (n < 10 ? `0${n}` : `${n}`);
const three = (n: number) => (n < 10 ? `00${n}` : n < 100 ? `0${n}` : `${n}`);

/**
 * Timestamps are generated in code as ISO-8601 UTC text, so they compare as strings on both.
 * Exactly `d.toISOString()`. V8 formats that with `snprintf`, about 1 µs a call, and a booking
 * writes several; the date part is kept for the day last written and the time of day is worked
 * out by arithmetic, about a quarter of that (docs/performance.md, twenty-fifth pass).
 */
export function iso(d: Date = new Date()): string {
  const t = d.getTime();
  if (!(t >= 0 && t < YEAR_10000_MS)) return d.toISOString(); // before 1970, six-digit years, invalid (throws)
  if (!(t >= dayStart && t < dayStart + DAY_MS)) {
    dayStart = t - (t % DAY_MS);
    dayText = d.toISOString().slice(0, 11);
  }
  let ms = t - dayStart;
  const h = Math.floor(ms / 3_600_000);
  ms -= h * 3_600_000;
  const m = Math.floor(ms / 60_000);
  ms -= m * 60_000;
  const s = Math.floor(ms / 1000);
  return `${dayText}${two(h)}:${two(m)}:${two(s)}.${three(ms - s * 1000)}Z`;
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
