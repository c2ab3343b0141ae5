// The nonces of signed partner requests: each (signed time `t`, nonce) pair is spent once per
// partner, in the database, so every server process sees the same ones. Both are part of what
// the request signs, so a replay carries both unchanged and is refused; a row is kept while a
// request stamped with its `t` could still be accepted (±CMT_SKEW_SECONDS, ./signing.ts), and
// deleted after that. Keyed by `t` first, a batch's rows land on the pages of the same seconds
// (the batch before wrote them), not on a random page of every nonce kept: migration 0015.
//
// The nonces that arrive together are spent in ONE statement (a multi-row insert that skips
// the rows already there, RETURNING the rows it wrote): a nonce is accepted only if its row came
// back, i.e. once the statement has committed, as with one statement per request. Two requests
// with the same pair in one batch: the second is refused at once, without the database.
// Spending a nonce per signed read was one write and one commit per request (kids /browse ran
// at a tenth of the ceiling, docs/performance.md); a batch of them costs one.
//
// A batch starts on the turn after its first nonce queued (setImmediate), so the requests
// that arrived together share it, and takes at most MAX_BATCH nonces.
//
// The batch's rows travel as ONE parameter, a JSON array of [partner, t, nonce], so the
// statement's text is the same whatever the batch's size: it is compiled once (prepared), kept
// by SQLite and named on PostgreSQL, instead of being built by Kysely for every batch
// (docs/performance.md, twenty-seventh pass).
//
// Nonces spent before migration 0015 are in `partner_nonces_before_0015`, without their `t`:
// one of them is refused too until it is NONCE_TTL_SECONDS old, and sweeping empties that table.
// Nothing writes to it any more, so once a sweep finds it empty it stays empty: from then on
// this process spends nonces with a statement that does not look there (one index probe a
// nonce fewer) and stops sweeping it.
import { sql } from 'kysely';
import { type DialectName, iso } from '../../store/dialect.js';
import type { Conn } from '../../store/index.js';
import { prepared } from '../../store/prepared.js';
import { cacheNow } from '../shared/ttl-cache.js';
import { CMT_SKEW_SECONDS } from './signing.js';

/** How long a nonce spent before migration 0015 (kept by when it was seen) is refused: twice the skew window. */
export const NONCE_TTL_SECONDS = 2 * CMT_SKEW_SECONDS + 60;
/**
 * A row is deleted once its `t` is this many seconds in the past: no request stamped `t` is
 * accepted after `t` + CMT_SKEW_SECONDS; the minute more is a margin.
 */
export const NONCE_KEPT_AFTER_T_SECONDS = CMT_SKEW_SECONDS + 60;
/** How often, per partner and process, nonces older than the window are deleted. */
const NONCE_SWEEP_MS = 10_000;
const MAX_BATCH = 500;

interface Waiting {
  partnerId: number;
  /** The request's signed Unix time (seconds). */
  t: number;
  nonce: string;
  now: Date;
  resolve: (fresh: boolean) => void;
  reject: (err: unknown) => void;
}

interface Batcher {
  queue: Waiting[];
  /** `partner\0t\0nonce` of the queued ones, to refuse a repeat inside one batch. */
  queued: Set<string>;
  scheduled: boolean;
  /** Last sweep per partner (cache clock). */
  swept: Map<number, number>;
  /** A sweep found `partner_nonces_before_0015` empty (it never fills again). */
  legacyEmpty: boolean;
}

const batchers = new WeakMap<object, Batcher>();
const keyOf = (partnerId: number, t: number, nonce: string) => `${partnerId}\u0000${t}\u0000${nonce}`;
const cutoffOf = (now: Date) => iso(new Date(now.getTime() - NONCE_TTL_SECONDS * 1000));

/**
 * Spend the nonce of a request signed at `t` (Unix seconds, already checked to be within the
 * skew): false if this partner already sent the same `t` and nonce (a replay). The promise
 * settles once the statement that wrote it has committed. Rows whose `t` is past the window
 * are deleted at most every NONCE_SWEEP_MS per partner, not on every request.
 */
export function useNonce(
  db: Conn,
  partnerId: number,
  t: number,
  nonce: string,
  now: Date = new Date(),
): Promise<boolean> {
  if (db.isTransaction)
    return spend(db, [{ partnerId, t, nonce, now }]).then((fresh) => fresh.has(keyOf(partnerId, t, nonce)));
  let b = batchers.get(db);
  if (!b) {
    b = { queue: [], queued: new Set(), scheduled: false, swept: new Map(), legacyEmpty: false };
    batchers.set(db, b);
  }
  const key = keyOf(partnerId, t, nonce);
  if (b.queued.has(key)) return Promise.resolve(false);
  b.queued.add(key);
  const batcher = b;
  return new Promise<boolean>((resolve, reject) => {
    batcher.queue.push({ partnerId, t, nonce, now, resolve, reject });
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
      const fresh = await spend(db, batch, b.legacyEmpty);
      for (const w of batch) w.resolve(fresh.has(keyOf(w.partnerId, w.t, w.nonce)));
    } catch (err) {
      for (const w of batch) w.reject(err);
    } finally {
      for (const w of batch) b.queued.delete(keyOf(w.partnerId, w.t, w.nonce));
    }
  }
  b.scheduled = false;
}

/**
 * Delete the rows past the window of the batch's partners that are due a sweep, and (until the
 * table is empty) every row from before 0015 past the window.
 */
async function sweep(db: Conn, b: Batcher, batch: readonly Omit<Waiting, 'resolve' | 'reject'>[]): Promise<void> {
  const clock = cacheNow();
  const due = new Map<number, Date>();
  for (const w of batch) {
    const last = b.swept.get(w.partnerId);
    if (last !== undefined && clock - last < NONCE_SWEEP_MS && clock >= last) continue;
    const seen = due.get(w.partnerId);
    if (!seen || w.now < seen) due.set(w.partnerId, w.now);
  }
  let earliest: Date | undefined;
  for (const [partnerId, now] of due) {
    b.swept.set(partnerId, clock);
    const before = Math.floor(now.getTime() / 1000) - NONCE_KEPT_AFTER_T_SECONDS;
    await db.deleteFrom('partner_nonces').where('partner_id', '=', partnerId).where('t', '<', before).execute();
    if (!earliest || now < earliest) earliest = now;
  }
  // The rows from before 0015 past the window are past every partner's, so one delete takes
  // them all: the table empties 660 s after the upgrade even for partners that never sign again.
  if (!earliest || b.legacyEmpty) return;
  await db.deleteFrom('partner_nonces_before_0015').where('seen_at', '<', cutoffOf(earliest)).execute();
  b.legacyEmpty =
    (await db.selectFrom('partner_nonces_before_0015').select('partner_id').limit(1).execute()).length === 0;
}

/**
 * One statement for all of `batch` (distinct partner, t and nonce): the set of keys it wrote,
 * i.e. the fresh ones. A nonce spent before migration 0015 counts while it is in the window of
 * the batch's earliest request (never later than any request's own).
 */
async function spend(
  db: Conn,
  batch: readonly Omit<Waiting, 'resolve' | 'reject'>[],
  legacyEmpty = false,
): Promise<Set<string>> {
  let earliest = batch[0].now;
  for (const w of batch) if (w.now < earliest) earliest = w.now;
  const rows = JSON.stringify(batch.map((w) => [w.partnerId, w.t, w.nonce]));
  const { rows: written } = legacyEmpty
    ? await spendNewRows(db, { rows })
    : await spendRows(db, { rows, cutoff: cutoffOf(earliest) });
  return new Set(written.map((r) => keyOf(Number(r.partner_id), Number(r.t), r.nonce)));
}

/**
 * The rows of `rows` (a JSON array of [partner id, t, nonce]) inserted, unless already there or
 * spent before migration 0015 at or after `cutoff`; gives back those it wrote. (The SELECT's
 * WHERE is also what lets SQLite read `on conflict` as the insert's clause, not a join's.)
 */
const spendRows = prepared((db, p: { rows: string; cutoff: string }, dialect) => {
  const { partner, t, nonce, from } = rowsOf(p.rows, dialect);
  return insertSpent(
    db,
    sql`select ${partner}, ${t}, ${nonce} from ${from} where not exists (select 1 from partner_nonces_before_0015 o
        where o.partner_id = ${partner} and o.nonce = ${nonce} and o.seen_at >= ${p.cutoff})`,
  );
});

/** `spendRows` once `partner_nonces_before_0015` is known to be empty (the WHERE is there for SQLite, as above). */
const spendNewRows = prepared((db, p: { rows: string }, dialect) => {
  const { partner, t, nonce, from } = rowsOf(p.rows, dialect);
  return insertSpent(db, sql`select ${partner}, ${t}, ${nonce} from ${from} where true`);
});

/** The columns of a JSON array of [partner id, t, nonce] rows, and the rows as a table. */
function rowsOf(rows: string, dialect: DialectName) {
  const [partner, t, nonce] =
    dialect === 'postgres'
      ? [sql`(r->>0)::integer`, sql`(r->>1)::bigint`, sql`r->>2`]
      : [sql`json_extract(value, '$[0]')`, sql`json_extract(value, '$[1]')`, sql`json_extract(value, '$[2]')`];
  const from = dialect === 'postgres' ? sql`jsonb_array_elements(${rows}::jsonb) as r` : sql`json_each(${rows})`;
  return { partner, t, nonce, from };
}

const insertSpent = (db: Conn, rows: ReturnType<typeof sql>) =>
  db
    .insertInto('partner_nonces')
    .columns(['partner_id', 't', 'nonce'])
    .expression(rows)
    .onConflict((oc) => oc.columns(['partner_id', 't', 'nonce']).doNothing())
    .returning(['partner_id', 't', 'nonce']);
