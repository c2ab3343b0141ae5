// One dedicated PostgreSQL connection (not from the pool) that runs `LISTEN careslot_changes`
// and passes every notification on (./change-notices.ts sends them). When the connection
// errors or ends, the listener says so and reconnects with backoff (RECONNECT_MIN_MS doubling
// up to RECONNECT_MAX_MS); it says it is connected again only once LISTEN has run anew. A
// connection that breaks silently (no reset reaches us) is found by a heartbeat: a `select 1`
// every HEARTBEAT_MS that must answer within HEARTBEAT_MS, else the connection counts as lost.
import pg from 'pg';
import { CHANGES_CHANNEL } from './change-notices.js';

/** What a listener tells its owner (core/scheduling/changes.ts). */
export interface ChangeHearing {
  /** A notification's payload: tokens joined with commas (./change-notices.ts). */
  heard(payload: string): void;
  /** LISTEN is in place: every commit from now on will be heard. */
  connected(): void;
  /** The connection was lost: notifications may be missed until `connected` again. */
  disconnected(): void;
}

export interface ChangeListener {
  /** Settles after the first attempt to connect and LISTEN, whether it succeeded or not. */
  ready: Promise<void>;
  /** The server process id of the listening connection while connected (tests). */
  pid(): number | undefined;
  close(): Promise<void>;
}

export const RECONNECT_MIN_MS = 100;
export const RECONNECT_MAX_MS = 5000;
export const HEARTBEAT_MS = 5000;

/**
 * Listen on `url`. Notices sent by the connections in `own` (the server process ids of this
 * store's pool) are skipped: every notice is sent together with a commit hook that has
 * already bumped the same versions in this process.
 */
export function listenForChanges(
  url: string,
  hearing: ChangeHearing,
  own: ReadonlySet<number> = new Set(),
): ChangeListener {
  let closed = false;
  let client: pg.Client | undefined;
  let up = false;
  let delay = RECONNECT_MIN_MS;
  let timer: NodeJS.Timeout | undefined;
  let heartbeat: NodeJS.Timeout | undefined;

  async function connect(): Promise<void> {
    const c = new pg.Client({ connectionString: url, keepAlive: true, connectionTimeoutMillis: 5000 });
    client = c;
    let lostAlready = false;
    const lost = () => {
      if (lostAlready) return;
      lostAlready = true;
      if (heartbeat) clearInterval(heartbeat);
      heartbeat = undefined;
      c.end().catch(() => {});
      if (client === c) client = undefined;
      if (up) {
        up = false;
        hearing.disconnected();
      }
      if (!closed) retry();
    };
    c.on('error', lost);
    c.on('end', lost);
    c.on('notification', (m) => {
      if (m.channel === CHANGES_CHANNEL && !lostAlready && !own.has(m.processId)) hearing.heard(m.payload ?? '');
    });
    try {
      await c.connect();
      await c.query(`listen ${CHANGES_CHANNEL}`);
    } catch {
      lost();
      return;
    }
    if (lostAlready) return;
    if (closed) {
      await c.end().catch(() => {});
      return;
    }
    delay = RECONNECT_MIN_MS;
    up = true;
    hearing.connected();
    heartbeat = setInterval(() => {
      const late = setTimeout(lost, HEARTBEAT_MS);
      late.unref();
      c.query('select 1').then(
        () => clearTimeout(late),
        () => clearTimeout(late),
      );
    }, HEARTBEAT_MS);
    heartbeat.unref();
  }

  function retry(): void {
    timer = setTimeout(() => {
      timer = undefined;
      if (!closed) void connect();
    }, delay);
    timer.unref();
    delay = Math.min(delay * 2, RECONNECT_MAX_MS);
  }

  const ready = connect();
  return {
    ready,
    pid: () => (up ? (client as unknown as { processID?: number } | undefined)?.processID : undefined),
    async close() {
      if (closed) return;
      closed = true;
      if (timer) clearTimeout(timer);
      if (heartbeat) clearInterval(heartbeat);
      const c = client;
      client = undefined;
      if (up) {
        up = false;
        hearing.disconnected();
      }
      if (c) {
        c.removeAllListeners('end');
        c.on('error', () => {});
        await c.end().catch(() => {});
      }
    },
  };
}
