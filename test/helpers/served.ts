// An HTTP answer as a test compares it: the answers of a read around Fastify
// (src/api/fast-reads.ts, fast-posts.ts) against Fastify's own, from a listening app (inject()
// never takes the path around Fastify).
import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.js';
import { testDb } from './db.js';

export interface Served {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Headers that differ between any two answers (the connection's and the request's own). */
const OWN = new Set(['date', 'connection', 'keep-alive', 'x-request-id']);

/** Status, body and the headers that must be the same for the same answer. */
export const comparable = (s: Served) => ({
  status: s.status,
  body: s.body,
  headers: Object.fromEntries(Object.entries(s.headers).filter(([k]) => !OWN.has(k))),
});

/**
 * A real app listening on a free local port; with `lines`, its log lines (at info) land there;
 * with `now`, on that clock (stoppedClock() for a test that counts against a rate limit).
 */
export async function listeningApp(
  env: Record<string, string> = {},
  lines?: string[],
  now?: () => Date,
  onStatement?: (sql: string) => void,
) {
  const db = await testDb({ env, onStatement });
  const stream = new Writable({
    write(chunk, _enc, cb) {
      lines?.push(String(chunk));
      cb();
    },
  });
  const app = await buildApp(db.config, { store: db.store, logger: lines ? { level: 'info', stream } : false, now });
  await app.listen({ host: '127.0.0.1', port: 0 });
  await hearing(app);
  const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
  return { db, app, base };
}

/**
 * On PostgreSQL, wait (up to 15 s: a busy CI machine) until the app's change listener is
 * connected. Until then kept answers live only a second and a guest's state is read every
 * time (core/scheduling/changes.ts), so the paths around Fastify would rarely be taken; the
 * app only waits for the first attempt to connect.
 */
async function hearing(app: FastifyInstance): Promise<void> {
  const listener = app.changeListener;
  if (!listener) return;
  for (let i = 0; i < 300 && listener.pid() === undefined; i++) await new Promise((r) => setTimeout(r, 50));
  if (listener.pid() === undefined) throw new Error('the change listener did not connect within 15 s');
}

/** How many 200 answers of `method` `route` the app's /metrics has counted (undefined: none). */
export async function countedOk(base: string, method: string, route: string): Promise<string | undefined> {
  const metrics = await (await fetch(`${base}/metrics`)).text();
  const line = `careslot_http_request_duration_seconds_count{method="${method}",route="${route}",status_code="200"} `;
  const at = metrics.indexOf(line);
  return at < 0 ? undefined : /^\d+/.exec(metrics.slice(at + line.length))?.[0];
}
