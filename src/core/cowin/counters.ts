// Counters for rate limits and lockouts, in the database so that every server process counts
// together. One atomic upsert per hit: a window starts at the first hit and lasts
// `windowSeconds`; a hit after it ends starts a new window at 1.
import { sql } from 'kysely';
import { iso } from '../../store/dialect.js';
import type { Conn } from '../../store/index.js';

export interface CounterState {
  count: number;
  expiresAt: Date;
}

/** Count one hit on `key`; returns the count in the current window (this hit included). */
export async function hit(db: Conn, key: string, windowSeconds: number, now = new Date()): Promise<CounterState> {
  const at = iso(now);
  const until = iso(new Date(now.getTime() + windowSeconds * 1000));
  const row = await db
    .insertInto('rate_counters')
    .values({ key, count: 1, expires_at: until })
    .onConflict((oc) =>
      oc.column('key').doUpdateSet({
        count: sql<number>`case when rate_counters.expires_at <= ${at} then 1 else rate_counters.count + 1 end`,
        expires_at: sql<string>`case when rate_counters.expires_at <= ${at} then ${until} else rate_counters.expires_at end`,
      }),
    )
    .returning(['count', 'expires_at'])
    .executeTakeFirstOrThrow();
  return { count: Number(row.count), expiresAt: new Date(row.expires_at) };
}

/** The current window of `key` (count 0 if none or ended). */
export async function peek(db: Conn, key: string, now = new Date()): Promise<CounterState> {
  const row = await db
    .selectFrom('rate_counters')
    .select(['count', 'expires_at'])
    .where('key', '=', key)
    .executeTakeFirst();
  if (!row || row.expires_at <= iso(now)) return { count: 0, expiresAt: now };
  return { count: Number(row.count), expiresAt: new Date(row.expires_at) };
}

/** Make the current window of `key` end at `until` (e.g. a lockout lasting an hour from now). */
export async function extend(db: Conn, key: string, until: Date): Promise<void> {
  await db
    .updateTable('rate_counters')
    .set({ expires_at: iso(until) })
    .where('key', '=', key)
    .execute();
}

export async function reset(db: Conn, key: string): Promise<void> {
  await db.deleteFrom('rate_counters').where('key', '=', key).execute();
}

/** Remove ended windows (housekeeping; a stale row is harmless, since it resets on its next hit). */
export async function sweepCounters(db: Conn, now = new Date()): Promise<number> {
  const r = await db.deleteFrom('rate_counters').where('expires_at', '<=', iso(now)).executeTakeFirst();
  return Number(r.numDeletedRows ?? 0);
}

/** Whole seconds from `now` until `when`, at least 1. */
export function secondsUntil(when: Date, now = new Date()): number {
  return Math.max(1, Math.ceil((when.getTime() - now.getTime()) / 1000));
}
