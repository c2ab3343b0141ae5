// Work to run once a transaction has committed: in-process caches that must never be older
// than what was acknowledged register here, and are told only after the commit.
import type { Conn, Tx } from './index.js';

const commitHooks = new WeakMap<Tx, (() => void)[]>();

/**
 * Run `fn` once the transaction `conn` has committed (not at all if it rolls back), or at once
 * when `conn` is not a transaction (its statements commit as they run). For in-process caches
 * that must never be older than what was acknowledged.
 */
export function afterCommit(conn: Conn, fn: () => void): void {
  if (!conn.isTransaction) {
    fn();
    return;
  }
  const hooks = commitHooks.get(conn as Tx);
  if (hooks) hooks.push(fn);
  else commitHooks.set(conn as Tx, [fn]);
}

/** The hooks registered on `trx` since the last call, which forgets them. */
export function takeCommitHooks(trx: Tx): (() => void)[] | undefined {
  const hooks = commitHooks.get(trx);
  commitHooks.delete(trx);
  return hooks;
}
