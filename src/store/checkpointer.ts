// WAL checkpoints off the event loop. SQLite copies the write-ahead log back into the database
// file (and syncs it) when a commit finds the log over `wal_autocheckpoint` pages: in our
// process that is a commit, so the copy blocks every request for tens of milliseconds, about
// every thousand pages written. The server instead checkpoints from a worker thread on its own
// connection (PASSIVE: it never blocks a reader or the writer), and keeps the automatic one
// only as a far-off backstop should the worker stop.
//
// Copying the log back is not enough to keep it short: SQLite starts writing the log from its
// beginning again only when a write transaction begins while every frame has been copied. Under
// steady writes the next batch has always begun before the worker's copy ends, so the log grew
// to the backstop and the backstop's checkpoint ran in a commit, about every 1.5 s at 5,000
// bookings a second: 45-55 ms with every request waiting, most of it syncing the frames written
// since the worker's last sync. So when the worker has copied the whole log as it found it and
// the log is long (RESTART_PAGES), the event loop checkpoints the little written since, between
// two transactions, and the next write starts the log again. That still stops the event loop
// while SQLite syncs the log and the database file: 14-15 ms at the median under load, about
// every 0.35 s at 5,000 bookings a second (docs/performance.md, twenty-eighth pass). Holding the
// batches back while the worker does that last checkpoint itself would take it off the event loop.
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type Database from 'better-sqlite3';

/** Pages the log may reach before a commit checkpoints by itself (the backstop; 4 KB pages). */
export const BACKSTOP_PAGES = 20_000;
/** Log pages past which the event loop finishes a complete worker checkpoint, so that the log restarts. */
export const RESTART_PAGES = 4_096;

// Evaluated in the worker (CommonJS): better-sqlite3 is resolved by the parent and passed in.
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.path, { fileMustExist: true });
db.pragma('busy_timeout = 1000');
let last = { log: 0, checkpointed: 0 };
const timer = setInterval(() => {
  try {
    const [r] = db.pragma('wal_checkpoint(PASSIVE)');
    if (r.log === last.log && r.checkpointed === last.checkpointed) return;
    // A log that started again counts its frames from one.
    const copied = r.checkpointed >= last.checkpointed && r.log >= last.log ? r.checkpointed - last.checkpointed : r.checkpointed;
    last = { log: r.log, checkpointed: r.checkpointed };
    parentPort.postMessage({ copied, log: r.log, complete: r.busy === 0 && r.log > 0 && r.checkpointed === r.log });
  } catch (err) {
    parentPort.postMessage({ error: String(err) });
  }
}, workerData.everyMs);
parentPort.on('message', () => {
  clearInterval(timer);
  db.close();
  parentPort.close();
});
`;

export interface Checkpointer {
  /** Frames copied back so far by the worker (for tests and metrics). */
  readonly checkpointed: number;
  /** Times the event loop finished a complete worker checkpoint of a long log (RESTART_PAGES). */
  readonly restarts: number;
  stop(): Promise<void>;
}

/**
 * Checkpoint the WAL of the database file `path` (opened as `raw`) every `everyMs` from a worker
 * thread; past `restartPages` of log, finish a complete checkpoint on `raw` (see above).
 */
export function startCheckpointer(
  raw: Database.Database,
  path: string,
  { everyMs = 100, restartPages = RESTART_PAGES }: { everyMs?: number; restartPages?: number } = {},
): Checkpointer {
  raw.pragma(`wal_autocheckpoint = ${BACKSTOP_PAGES}`);
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(WORKER, { eval: true, workerData: { path, everyMs, driver } });
  worker.unref();
  const state = { checkpointed: 0, restarts: 0 };
  worker.on('message', (m: { copied?: number; log?: number; complete?: boolean; error?: string }) => {
    if (m.copied) state.checkpointed += m.copied;
    // Between two transactions (a message never arrives inside a batch, but another transaction may be open).
    if (m.complete && (m.log ?? 0) >= restartPages && raw.open && !raw.inTransaction) {
      try {
        raw.pragma('wal_checkpoint(PASSIVE)');
        state.restarts++;
      } catch {
        // Busy or failing: the worker's next round, or the backstop, checkpoints instead.
      }
    }
  });
  // A worker that cannot run leaves the automatic checkpoint to do the work, as before.
  worker.on('error', () => raw.open && raw.pragma('wal_autocheckpoint = 1000'));
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  return {
    get checkpointed() {
      return state.checkpointed;
    },
    get restarts() {
      return state.restarts;
    },
    async stop() {
      // Referenced again so that the process waits for the worker to close its connection.
      worker.ref();
      worker.postMessage('stop');
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([exited, new Promise((r) => (timer = setTimeout(r, 1000)))]);
      clearTimeout(timer);
      await worker.terminate();
    },
  };
}
