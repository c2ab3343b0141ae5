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
// the log is long (RESTART_PAGES), group commit holds its batches (`holdWrites`) while the
// worker copies and syncs the little committed since; the next batch then finds the log copied
// and starts it again. The event loop goes on meanwhile (reads, requests on their way to a
// write); only the batches wait (docs/performance.md, twenty-eighth pass).
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type Database from 'better-sqlite3';

/** Pages the log may reach before a commit checkpoints by itself (the backstop; 4 KB pages). */
export const BACKSTOP_PAGES = 20_000;
/** Log pages past which the writes are held for the worker to copy the rest, so that the log restarts. */
export const RESTART_PAGES = 4_096;
/** The longest the writes are held for it: past this they go on, and the log restarts later. */
const CATCH_UP_MS = 250;

// Evaluated in the worker (CommonJS): better-sqlite3 is resolved by the parent and passed in.
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.path, { fileMustExist: true });
db.pragma('busy_timeout = 1000');
let last = { log: 0, checkpointed: 0 };
// catchUp: asked for while the writes are held; always answered.
function round(catchUp) {
  try {
    const [r] = db.pragma('wal_checkpoint(PASSIVE)');
    if (!catchUp && r.log === last.log && r.checkpointed === last.checkpointed) return;
    // A log that started again counts its frames from one.
    const copied = r.checkpointed >= last.checkpointed && r.log >= last.log ? r.checkpointed - last.checkpointed : r.checkpointed;
    last = { log: r.log, checkpointed: r.checkpointed };
    parentPort.postMessage({ copied, log: r.log, complete: r.busy === 0 && r.log > 0 && r.checkpointed === r.log, catchUp });
  } catch (err) {
    parentPort.postMessage({ error: String(err), catchUp });
  }
}
const timer = setInterval(() => round(false), workerData.everyMs);
parentPort.on('message', (m) => {
  if (m === 'catch-up') return round(true);
  clearInterval(timer);
  db.close();
  parentPort.close();
});
`;

export interface Checkpointer {
  /** Frames copied back so far by the worker (for tests and metrics). */
  readonly checkpointed: number;
  /** Times the worker copied the whole of a long log (RESTART_PAGES) while the writes were held. */
  readonly restarts: number;
  stop(): Promise<void>;
}

/** How the checkpointer holds the writes: resolves once none is under way, with the function that lets them go. */
export type HoldWrites = () => Promise<() => void>;

type Report = { copied?: number; log?: number; complete?: boolean; catchUp?: boolean; error?: string };

/**
 * Checkpoint the WAL of the database file `path` (opened as `raw`) every `everyMs` from a worker
 * thread; past `restartPages` of log, with the writes held by `holdWrites`, copy the rest (see above).
 */
export function startCheckpointer(
  raw: Database.Database,
  path: string,
  {
    everyMs = 100,
    restartPages = RESTART_PAGES,
    holdWrites,
  }: { everyMs?: number; restartPages?: number; holdWrites?: HoldWrites } = {},
): Checkpointer {
  raw.pragma(`wal_autocheckpoint = ${BACKSTOP_PAGES}`);
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(WORKER, { eval: true, workerData: { path, everyMs, driver } });
  worker.unref();
  const state = { checkpointed: 0, restarts: 0 };
  let caughtUp: ((m: Report | undefined) => void) | null = null;
  async function catchUp(hold: HoldWrites): Promise<void> {
    const release = await hold();
    let timer: NodeJS.Timeout | undefined;
    try {
      const answer = new Promise<Report | undefined>((resolve) => {
        caughtUp = resolve;
        timer = setTimeout(() => resolve(undefined), CATCH_UP_MS);
      });
      worker.postMessage('catch-up');
      if ((await answer)?.complete) state.restarts++;
    } finally {
      clearTimeout(timer);
      caughtUp = null;
      release();
    }
  }
  let catchingUp = false;
  worker.on('message', (m: Report) => {
    if (m.copied) state.checkpointed += m.copied;
    if (m.catchUp) return caughtUp?.(m);
    if (!holdWrites || catchingUp || !m.complete || (m.log ?? 0) < restartPages) return;
    catchingUp = true;
    catchUp(holdWrites)
      .catch(() => {}) // nothing here fails a write: at worst the log restarts later
      .finally(() => {
        catchingUp = false;
      });
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
