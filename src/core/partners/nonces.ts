// The nonces of signed partner requests: each is spent once per partner within
// NONCE_TTL_SECONDS, in the database, so every server process sees the same ones.
//
// The nonces that arrive together are spent in ONE statement (a multi-row insert whose
// conflict clause takes over only rows older than the window, RETURNING the rows it wrote):
// a nonce is accepted only if its row came back, i.e. once the statement has committed, as
// with one statement per request. Two requests with the same nonce in one batch: the second
// is refused at once, without the database. Spending a nonce per signed read was one write
// and one commit per request (kids /browse ran at a tenth of the ceiling, docs/performance.md);
// a batch of them costs one.
//
// A batch starts on the turn after its first nonce queued (setImmediate), so the requests
// that arrived together share it, and takes at most MAX_BATCH nonces.
//
// The batch's rows travel as ONE parameter, a JSON array of [partner, nonce, seen_at], so the
// statement's text is the same whatever the batch's size: it is compiled once (prepared), kept
// by SQLite and named on PostgreSQL, instead of being built by Kysely for every batch
// (docs/performance.md, twenty-seventh pass).
import { sql } from 'kysely';
import { iso } from '../../store/dialect.js';
import type { Conn } from '../../store/index.js';
import { prepared } from '../../store/prepared.js';
import { cacheNow } from '../shared/ttl-cache.js';
import { CMT_SKEW_SECONDS } from './signing.js';

/** Nonces are remembered for twice the skew window (a request stamped +300 s stays valid until then). */
export const NONCE_TTL_SECONDS = 2 * CMT_SKEW_SECONDS + 60;
/** How often, per partner and process, nonces older than the window are deleted. */
const NONCE_SWEEP_MS = 10_000;
const MAX_BATCH = 500;

interface Waiting {
  partnerId: number;
  nonce: string;
  now: Date;
  resolve: (fresh: boolean) => void;
  reject: (err: unknown) => void;
}

interface Batcher {
  queue: Waiting[];
  /** `partner\0nonce` of the queued ones, to refuse a repeat inside one batch. */
  queued: Set<string>;
  scheduled: boolean;
  /** Last sweep per partner (cache clock). */
  swept: Map<number, number>;
}

const batchers = new WeakMap<object, Batcher>();
const keyOf = (partnerId: number, nonce: string) => `${partnerId}\u0000${nonce}`;
const cutoffOf = (now: Date) => iso(new Date(now.getTime() - NONCE_TTL_SECONDS * 1000));

/**
 * Spend a nonce: false if this partner already used it within the window (a replay). The
 * promise settles once the statement that wrote it has committed. A row older than the window
 * does not count: the insert takes it over. Old rows are deleted at most every
 * NONCE_SWEEP_MS per partner, not on every request.
 */
export function useNonce(db: Conn, partnerId: number, nonce: string, now: Date = new Date()): Promise<boolean> {
  if (db.isTransaction)
    return spend(db, [{ partnerId, nonce, now }]).then((fresh) => fresh.has(keyOf(partnerId, nonce)));
  let b = batchers.get(db);
  if (!b) {
    b = { queue: [], queued: new Set(), scheduled: false, swept: new Map() };
    batchers.set(db, b);
  }
  const key = keyOf(partnerId, nonce);
  if (b.queued.has(key)) return Promise.resolve(false);
  b.queued.add(key);
  const batcher = b;
  return new Promise<boolean>((resolve, reject) => {
    batcher.queue.push({ partnerId, nonce, now, resolve, reject });
    if (!batcher.scheduled) {
      batcher.scheduled = true;
      setImmediate(() => void flush(db, batcher));
    }
  });
}

async function flush(db: Conn, b: Batcher): Promise<void> {
  while (b.queue.length) {
    const batch = b.queue.splice(0, MAX_BATCH);
    try {
      await sweep(db, b, batch);
      const fresh = await spend(db, batch);
      for (const w of batch) w.resolve(fresh.has(keyOf(w.partnerId, w.nonce)));
    } catch (err) {
      for (const w of batch) w.reject(err);
    } finally {
      for (const w of batch) b.queued.delete(keyOf(w.partnerId, w.nonce));
    }
  }
  b.scheduled = false;
}

/** Delete the rows older than the window of the batch's partners that are due a sweep. */
async function sweep(db: Conn, b: Batcher, batch: readonly Omit<Waiting, 'resolve' | 'reject'>[]): Promise<void> {
  const clock = cacheNow();
  const due = new Map<number, Date>();
  for (const w of batch) {
    const last = b.swept.get(w.partnerId);
    if (last !== undefined && clock - last < NONCE_SWEEP_MS && clock >= last) continue;
    const seen = due.get(w.partnerId);
    if (!seen || w.now < seen) due.set(w.partnerId, w.now);
  }
  for (const [partnerId, now] of due) {
    b.swept.set(partnerId, clock);
    await db
      .deleteFrom('partner_nonces')
      .where('partner_id', '=', partnerId)
      .where('seen_at', '<', cutoffOf(now))
      .execute();
  }
}

/**
 * One statement for all of `batch` (distinct partner and nonce pairs): the set of
 * `partner\0nonce` keys it wrote, i.e. the fresh ones. A row is taken over when it is older
 * than the window of the batch's earliest request (never later than any request's own).
 */
async function spend(db: Conn, batch: readonly Omit<Waiting, 'resolve' | 'reject'>[]): Promise<Set<string>> {
  let earliest = batch[0].now;
  for (const w of batch) if (w.now < earliest) earliest = w.now;
  const rows = JSON.stringify(batch.map((w) => [w.partnerId, w.nonce, iso(w.now)]));
  const { rows: written } = await spendRows(db, { rows, cutoff: cutoffOf(earliest) });
  return new Set(written.map((r) => keyOf(Number(r.partner_id), r.nonce)));
}

/**
 * The rows of `rows` (a JSON array of [partner id, nonce, seen_at]) inserted, or taking over a
 * row seen before `cutoff`; gives back those it wrote. SQLite needs the `where true` to read
 * `on conflict` as the insert's clause and not a join's.
 */
const spendRows = prepared((db, p: { rows: string; cutoff: string }, dialect) =>
  db
    .insertInto('partner_nonces')
    .columns(['partner_id', 'nonce', 'seen_at'])
    .expression(
      dialect === 'postgres'
        ? sql`select (r->>0)::integer, r->>1, r->>2 from jsonb_array_elements(${p.rows}::jsonb) as r`
        : sql`select json_extract(value, '$[0]'), json_extract(value, '$[1]'), json_extract(value, '$[2]') from json_each(${p.rows}) where true`,
    )
    .onConflict((oc) =>
      oc
        .columns(['partner_id', 'nonce'])
        .doUpdateSet((eb) => ({ seen_at: eb.ref('excluded.seen_at') }))
        .where('partner_nonces.seen_at', '<', p.cutoff),
    )
    .returning(['partner_id', 'nonce']),
);
