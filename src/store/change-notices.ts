// Telling other processes what a transaction changed (PostgreSQL only): LISTEN/NOTIFY on one
// channel. Payloads are small tokens, joined with commas: `p:<placeId>` (a place's seats),
// `c` (the catalogue), `g` (guest accounts); the listening side (./pg-listener.ts,
// core/scheduling/changes.ts) treats any token it does not know as "everything changed".
//
// In a transaction made by `store.tx`, notices are collected (each distinct token once) and
// sent as ONE `select pg_notify(...)` just before COMMIT, inside the transaction: PostgreSQL
// delivers a notification only if and when its transaction commits, so a rolled-back change
// notifies nobody. Outside a transaction (an autocommit statement, already committed) the
// notice is sent at once, on its own. SQLite stores never record or send anything.
import { sql } from 'kysely';
import { type DialectName, notifyFromStatement } from './dialect.js';
import type { Conn, Db, Tx } from './index.js';

/** The channel every Careslot process listens on (`NOTIFY careslot_changes, 'c'` drops every cache). */
export const CHANGES_CHANNEL = 'careslot_changes';
/** PostgreSQL refuses payloads of 8000 bytes or more: longer lists go in several notifications. */
const MAX_PAYLOAD = 7900;

const postgresDbs = new WeakSet<object>();
const postgresTxs = new WeakSet<object>();
const pending = new WeakMap<object, Set<string>>();

/** `db` is a PostgreSQL store's handle: changes made through it (or its `store.tx`) are announced. */
export function announceChangesOf(db: Db): void {
  postgresDbs.add(db);
}

/** `trx` is a transaction of a PostgreSQL store's `store.tx`, which flushes its notices before COMMIT. */
export function collectNotices(trx: Tx): void {
  postgresTxs.add(trx);
}

/**
 * Tell other processes that `kind` (with `id`, if any) changed in `conn`: once `conn`'s
 * transaction commits, or at once when `conn` is not a transaction. Nothing on SQLite.
 */
export function noticeOnCommit(conn: Conn, kind: string, id?: number): void {
  if (conn.isTransaction) {
    if (!postgresTxs.has(conn)) return;
    const token = id === undefined ? kind : `${kind}:${id}`;
    const set = pending.get(conn);
    if (set) set.add(token);
    else pending.set(conn, new Set([token]));
    return;
  }
  if (!postgresDbs.has(conn)) return;
  const token = id === undefined ? kind : `${kind}:${id}`;
  // The statement that made the change has committed; a lost notice is what the listener's
  // documented bound covers (the caller's change itself succeeded).
  void notify(conn, [token]).catch(() => {});
}

/**
 * The notice `kind`:<value of `idColumn`> sent by the statement itself, as a RETURNING column
 * named `notice_sent` (PostgreSQL; undefined on SQLite): a row that comes back with it needs
 * no {@link noticeOnCommit}, and the transaction one statement fewer before COMMIT.
 */
export function noticeFromStatement(dialect: DialectName, kind: string, idColumn: string) {
  return notifyFromStatement(dialect, CHANGES_CHANNEL, `${kind}:`, idColumn)?.as('notice_sent');
}

/** Send the notices collected in `trx` (inside it, before COMMIT) and forget them. */
export async function flushNotices(trx: Tx): Promise<void> {
  const set = pending.get(trx);
  if (!set) return;
  pending.delete(trx);
  await notify(trx, [...set]);
}

/** Forget the notices of a transaction that will not commit. */
export function dropNotices(trx: Tx): void {
  pending.delete(trx);
}

async function notify(conn: Conn, tokens: string[]): Promise<void> {
  for (const payload of joined(tokens)) await sql`select pg_notify(${CHANGES_CHANNEL}, ${payload})`.execute(conn);
}

function joined(tokens: string[]): string[] {
  const out: string[] = [];
  let current = '';
  for (const t of tokens) {
    if (current && current.length + 1 + t.length > MAX_PAYLOAD) {
      out.push(current);
      current = '';
    }
    current = current ? `${current},${t}` : t;
  }
  if (current) out.push(current);
  return out;
}
