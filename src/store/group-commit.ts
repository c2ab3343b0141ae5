// Group commit for SQLite: the transactions that are waiting when the connection comes free
// run one after another inside ONE database transaction, each in its own savepoint, and are
// acknowledged together after its single COMMIT.
//
// Why: SQLite has one writer, so transactions already run one at a time; what each one paid
// alone was BEGIN, COMMIT and the log pages its commit wrote (the same table and index pages,
// written again for every booking). Under load a batch pays that once.
//
// What stays the same for each caller:
// - Isolation: a function that throws is rolled back to its savepoint, and only it fails;
//   the others in the batch are unaffected (they never see its writes).
// - Durability: no caller's promise settles before the COMMIT that holds its writes has
//   returned; if that COMMIT fails, every caller in the batch gets the error, none a result.
// - Commit hooks (./commit-hooks.ts) run only for the functions that succeeded, after COMMIT.
// - Order: functions run in the order they called `tx`.
//
// A batch starts on the turn after the first caller queued (setImmediate), so the requests
// that arrived together share it; it takes at most MAX_BATCH callers. A batch of one runs
// without a savepoint (two statements fewer): its transaction is its own, rolled back if it throws.
// While a batch runs, its statements go to SQLite directly (./direct-sqlite.ts).
import { sql } from 'kysely';
import { takeCommitHooks } from './commit-hooks.js';
import { directRun, holdingConnection } from './direct-sqlite.js';
import { isRetryable } from './dialect.js';
import type { Db, Tx } from './index.js';

export const MAX_BATCH = 64;

/** Thrown to roll back the transaction of a batch of one whose function failed. */
const ROLL_BACK = Symbol('roll back');

interface Waiting {
  fn: (trx: Tx) => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (err: unknown) => void;
}

type Outcome = { ok: true; value: unknown; hooks?: (() => void)[] } | { ok: false; err: unknown };

/** A statement without parameters, directly when the batch holds the connection. */
async function statement(trx: Tx, text: string): Promise<void> {
  const run = directRun(trx);
  if (run) run(text, []);
  else await sql.raw(text).execute(trx);
}

/** Group commit's transactions, and a way to hold them back for a moment (`hold`). */
export interface GroupCommitter {
  <T>(fn: (trx: Tx) => Promise<T>): Promise<T>;
  /**
   * Start no batch until the returned function is called; resolves once the batch under way,
   * if any, has finished. Transactions asked for meanwhile wait in the queue. For the WAL
   * checkpointer (./checkpointer.ts), which needs a moment without commits.
   */
  hold(): Promise<() => void>;
}

export function groupCommitter(db: Db): GroupCommitter {
  const queue: Waiting[] = [];
  let scheduled = false;
  let running: Promise<void> | null = null;
  let holds = 0;

  async function runOne(trx: Tx, w: Waiting): Promise<Outcome> {
    await statement(trx, 'savepoint careslot_tx');
    try {
      const value = await w.fn(trx);
      const hooks = takeCommitHooks(trx);
      await statement(trx, 'release careslot_tx');
      return { ok: true, value, hooks };
    } catch (err) {
      takeCommitHooks(trx);
      // If SQLite rolled the whole transaction back (a rare I/O or disk-full error), this
      // throws too, and the batch fails as a whole: nobody is told of a write that is gone.
      await statement(trx, 'rollback to careslot_tx');
      await statement(trx, 'release careslot_tx');
      return { ok: false, err };
    }
  }

  /** A batch of one needs no savepoint: if its function throws, the transaction is rolled back. */
  async function runAlone(trx: Tx, w: Waiting): Promise<Outcome> {
    try {
      const value = await w.fn(trx);
      return { ok: true, value, hooks: takeCommitHooks(trx) };
    } catch (err) {
      takeCommitHooks(trx);
      return { ok: false, err };
    }
  }

  async function runBatch(): Promise<void> {
    const batch = queue.splice(0, MAX_BATCH);
    let outcomes: Outcome[] = [];
    for (let attempt = 1; ; attempt++) {
      try {
        outcomes = [];
        await db.transaction().execute((trx) =>
          holdingConnection(trx, async () => {
            if (batch.length === 1) {
              const alone = await runAlone(trx, batch[0]);
              outcomes.push(alone);
              if (!alone.ok) throw ROLL_BACK;
              return;
            }
            for (const w of batch) outcomes.push(await runOne(trx, w));
          }),
        );
        break;
      } catch (err) {
        // The one function of the batch failed (its outcome says how) and was rolled back.
        if (err === ROLL_BACK) break;
        if (attempt < 5 && isRetryable(err)) {
          await new Promise((r) => setTimeout(r, 5 * attempt + Math.random() * 10));
          continue;
        }
        outcomes = batch.map(() => ({ ok: false, err }));
        break;
      }
    }
    for (let i = 0; i < batch.length; i++) {
      const o = outcomes[i];
      if (!o.ok) {
        batch[i].reject(o.err);
        continue;
      }
      try {
        if (o.hooks) for (const hook of o.hooks) hook();
        batch[i].resolve(o.value);
      } catch (err) {
        batch[i].reject(err);
      }
    }
  }

  function schedule(): void {
    scheduled = true;
    setImmediate(() => {
      if (holds > 0) {
        scheduled = false; // the last release schedules again
        return;
      }
      running = runBatch().finally(() => {
        running = null;
        if (queue.length && holds === 0) schedule();
        else scheduled = false;
      });
    });
  }

  const committer = (<T>(fn: (trx: Tx) => Promise<T>) =>
    new Promise<T>((resolve, reject) => {
      queue.push({ fn, resolve: resolve as (v: unknown) => void, reject });
      if (!scheduled && holds === 0) schedule();
    })) as GroupCommitter;
  committer.hold = async () => {
    holds++;
    if (running) await running.catch(() => {});
    let released = false;
    return () => {
      if (released) return;
      released = true;
      holds--;
      if (holds === 0 && queue.length && !scheduled) schedule();
    };
  };
  return committer;
}
