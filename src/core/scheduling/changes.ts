// Versions of what availability answers are made of, for in-process read caches.
//
// Every change to a place's seats bumps that place's version once its transaction has
// committed (store `afterCommit`), and every change to the catalogue (slots added, removed or
// resized) bumps the epoch of all places. A cache entry remembers the version it was read at
// (taken before the read) and is used only while that version is still current, so in one
// process a read that starts after a booking was acknowledged always sees the booking.
// Changes made by other processes are seen through the store's `externalWrites` signal on
// SQLite (any commit by another connection bumps every version, within
// EXTERNAL_WRITES_BOUND_MS), and through change notices on PostgreSQL: every change below is
// also announced with NOTIFY inside its transaction (store/change-notices.ts), and each app
// LISTENs (`hearExternalWrites`), bumping the versions named when a notice arrives. While a
// listener is disconnected, or where nothing is watched or heard, caches bound other
// processes' changes with a time to live (`availabilityTtl`).
import type { DialectName } from '../../store/dialect.js';
import {
  afterCommit,
  type ChangeHearing,
  type ChangeListener,
  type Conn,
  noticeFromStatement,
  noticeOnCommit,
} from '../../store/index.js';

const places = new Map<number, number>();
let epoch = 0;

const watchers = new Set<() => number>();
let seenExternal = 0;
/** When other processes' commits were last looked for (performance.now()). */
let askedAt = Number.NEGATIVE_INFINITY;

/**
 * Watch a store's signal of other processes' commits (`Store.externalWrites`): while every
 * store of this process is watched, availability caches need no time to live. Returns the
 * function that stops watching (on close).
 */
export function watchExternalWrites(read: () => number): () => void {
  watchers.add(read);
  askedAt = Number.NEGATIVE_INFINITY;
  syncExternal();
  return () => {
    watchers.delete(read);
    epoch++;
  };
}

/**
 * How old another process's commit may be and still be unseen (SQLite). Asking SQLite
 * (`PRAGMA data_version`) is one synchronous statement; asked on every request it cost ~5 % of
 * a cached read, so it is asked at most once per this many milliseconds: a request that starts
 * more than this long after another process's commit always sees it. This process's own
 * commits bump the versions directly and are seen at once.
 */
export const EXTERNAL_WRITES_BOUND_MS = 1;

/** Look for other processes' commits (the server calls it as each request starts). */
export function seeExternalWrites(): void {
  syncExternal();
}

function syncExternal(): void {
  if (watchers.size === 0) return;
  const now = performance.now();
  if (now - askedAt < EXTERNAL_WRITES_BOUND_MS) return;
  askedAt = now;
  let sum = 0;
  for (const read of watchers) sum += read();
  if (sum !== seenExternal) {
    seenExternal = sum;
    epoch++;
  }
}

let unwatched = 0;
/** A store of this process whose other-process commits cannot be watched (PostgreSQL). */
export function cannotWatchExternalWrites(): () => void {
  unwatched++;
  return () => {
    unwatched--;
  };
}

let heard = 0;
let deaf = 0;
/**
 * Hear other processes' commits through a store's change notices (PostgreSQL LISTEN,
 * `Store.listenForChanges`): while every store of this process is watched or heard and every
 * listener is connected, availability caches need no time to live. A notice bumps the place
 * it names (`p:<id>`), or the epoch (`c`, `g`, anything else). Losing the connection, and
 * getting it back (notices may have been missed meanwhile), bump the epoch: entries read
 * before are dropped, and while disconnected caches keep their time to live. Returns the
 * listener; closing it stops hearing.
 */
export function hearExternalWrites(listen: (hearing: ChangeHearing) => ChangeListener): ChangeListener {
  heard++;
  deaf++;
  let isDeaf = true;
  let stopped = false;
  const listener = listen({
    heard(payload) {
      for (const token of payload.split(',')) {
        const id = token.startsWith('p:') ? Number(token.slice(2)) : Number.NaN;
        if (Number.isSafeInteger(id)) bumpPlace(id);
        else epoch++;
      }
    },
    connected() {
      if (stopped || !isDeaf) return;
      isDeaf = false;
      deaf--;
      epoch++;
    },
    disconnected() {
      if (stopped || isDeaf) return;
      isDeaf = true;
      deaf++;
      epoch++;
    },
  });
  return {
    ready: listener.ready,
    pid: listener.pid,
    async close() {
      if (stopped) return;
      await listener.close();
      stopped = true;
      heard--;
      if (isDeaf) deaf--;
      epoch++;
    },
  };
}

/**
 * How long an availability cache entry may live: unbounded while other processes' commits
 * are watched (SQLite) or heard (PostgreSQL, listener connected), else `boundMs` (the
 * documented staleness bound). 0 keeps it off.
 */
export function availabilityTtl(boundMs: number): number {
  return boundMs > 0 && watchers.size + heard > 0 && unwatched === 0 && deaf === 0 ? Number.POSITIVE_INFINITY : boundMs;
}

/** The current version of a place's availability in this process. */
export function placeVersion(placeId: number): number {
  syncExternal();
  return epoch * 2 ** 26 + (places.get(placeId) ?? 0);
}

/** The current version of the catalogue (which slots exist, their times and capacities). */
export function catalogueVersion(): number {
  syncExternal();
  return epoch;
}

function bumpPlace(placeId: number): void {
  places.set(placeId, ((places.get(placeId) ?? 0) + 1) % 2 ** 26);
}

/** Seats of a slot at `placeId` were taken or given back in `conn` (other processes are told on PostgreSQL). */
export function seatsChanged(conn: Conn, placeId: number, noticeSent = false): void {
  afterCommit(conn, () => bumpPlace(placeId));
  if (!noticeSent) noticeOnCommit(conn, 'p', placeId);
}

/**
 * For the RETURNING list of a statement that changes the seats of `slots` rows: on PostgreSQL
 * it sends their places' change notice itself (a row then has `notice_sent`: pass
 * `'notice_sent' in row` to {@link seatsChanged}).
 */
export function seatsNoticeColumn(dialect: DialectName) {
  return noticeFromStatement(dialect, 'p', 'place_id');
}

/** Slots were added, removed or changed in `conn` (imports, generation, operators' edits). */
export function catalogueChanged(conn: Conn): void {
  afterCommit(conn, () => {
    epoch++;
  });
  noticeOnCommit(conn, 'c');
}

/**
 * A number that changes whenever the seats of any of `placeIds` change in this process (the
 * sum of their counters, which only grow): with {@link catalogueVersion}, the version of a
 * read that covers many places (the SMART Scheduling Links slot files).
 */
export function seatVersionSum(placeIds: readonly number[]): number {
  syncExternal();
  let sum = 0;
  for (const id of placeIds) sum += places.get(id) ?? 0;
  return sum;
}
