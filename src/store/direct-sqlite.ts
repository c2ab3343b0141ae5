// SQLite statements run on the connection directly, inside the transaction group commit holds.
//
// Kysely runs each statement through its executor: a connection provider, a few promises and
// microtasks, a result transform. Measured with 7 prepared statements and a savepoint per
// transaction, batched: about 120 µs of CPU per transaction through Kysely, 80 µs directly.
// better-sqlite3 is synchronous and SQLite has one connection, so while group commit's
// transaction is open no one else can be using that connection, and a statement can be run on
// it at once, exactly as Kysely's SQLite driver would run it (same SQL, same statement cache,
// same result shape, same errors).
//
// Only the transaction that group commit opened and has not yet finished runs directly
// (`holdingConnection`); any other handle, or that one after its batch, goes through Kysely.
import type { QueryResult } from 'kysely';
import type { Conn, Tx } from './index.js';

export type DirectRun = (sql: string, parameters: readonly unknown[]) => QueryResult<unknown>;

interface Lane {
  run: DirectRun;
  /** The transaction now holding the connection, if group commit has one open. */
  open: Tx | null;
}

// Per database, by its Kysely adapter (one per Kysely instance, shared by its transactions).
const lanes = new WeakMap<object, Lane>();

/** Let transactions of this database (`db.getExecutor().adapter`) run statements with `run`. */
export function runDirectly(adapter: object, run: DirectRun): void {
  lanes.set(adapter, { run, open: null });
}

/** Run `fn` with `trx` marked as holding the connection; `trx` must be open throughout. */
export async function holdingConnection<T>(trx: Tx, fn: () => Promise<T>): Promise<T> {
  const lane = lanes.get(trx.getExecutor().adapter);
  if (!lane) return fn();
  lane.open = trx;
  try {
    return await fn();
  } finally {
    lane.open = null;
  }
}

/** The direct runner, when `conn` is the transaction now holding SQLite's connection. */
export function directRun(conn: Conn): DirectRun | undefined {
  if (!conn.isTransaction) return undefined;
  const lane = lanes.get(conn.getExecutor().adapter);
  return lane && lane.open === conn ? lane.run : undefined;
}
