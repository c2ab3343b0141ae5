// WAL checkpoints off the event loop. SQLite copies the write-ahead log back into the database
// file (and syncs it) when a commit finds the log over `wal_autocheckpoint` pages: in our
// process that is a commit, so the copy blocks every request for tens of milliseconds, about
// every thousand pages written. The server instead checkpoints from a worker thread on its own
// connection (PASSIVE: it never blocks a reader or the writer), and keeps the automatic one
// only as a far-off backstop should the worker stop.
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type Database from 'better-sqlite3';

/** Pages the log may reach before a commit checkpoints by itself (the backstop; 4 KB pages). */
export const BACKSTOP_PAGES = 20_000;

// Evaluated in the worker (CommonJS): better-sqlite3 is resolved by the parent and passed in.
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.path, { fileMustExist: true });
db.pragma('busy_timeout = 1000');
const timer = setInterval(() => {
  try {
    const [r] = db.pragma('wal_checkpoint(PASSIVE)');
    if (r.checkpointed > 0) parentPort.postMessage({ checkpointed: r.checkpointed });
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
  /** Frames copied back so far (for tests and metrics). */
  readonly checkpointed: number;
  stop(): Promise<void>;
}

/** Checkpoint the WAL of the database file `path` (opened as `raw`) every `everyMs` from a worker thread. */
export function startCheckpointer(raw: Database.Database, path: string, everyMs = 100): Checkpointer {
  raw.pragma(`wal_autocheckpoint = ${BACKSTOP_PAGES}`);
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(WORKER, { eval: true, workerData: { path, everyMs, driver } });
  worker.unref();
  const state = { checkpointed: 0 };
  worker.on('message', (m: { checkpointed?: number; error?: string }) => {
    if (m.checkpointed) state.checkpointed += m.checkpointed;
  });
  // A worker that cannot run leaves the automatic checkpoint to do the work, as before.
  worker.on('error', () => raw.open && raw.pragma('wal_autocheckpoint = 1000'));
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  return {
    get checkpointed() {
      return state.checkpointed;
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
