// A real app on a real test database, called through Fastify's inject().
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.js';
import { testDb, type TestDb } from './db.js';

export interface TestApp extends TestDb {
  app: FastifyInstance;
  close(): Promise<void>;
}

export async function testApp(
  opts: { seeded?: boolean; env?: Record<string, string>; now?: () => Date; onStatement?: (sql: string) => void } = {},
): Promise<TestApp> {
  const db = await testDb(opts);
  const app = await buildApp(db.config, { store: db.store, logger: false, now: opts.now });
  await app.ready();
  return {
    ...db,
    app,
    async close() {
      await app.close();
      await db.drop();
    },
  };
}

/**
 * An app clock stopped at the moment it was made: a test that counts requests against a rate
 * limit stays inside one window (windows start at multiples of their length since the epoch,
 * so a running clock could cross into the next one between two requests at any hour).
 */
export function stoppedClock(at = new Date()): () => Date {
  return () => at;
}

/**
 * An app clock (`testApp({ now: clock.now })`) that is the wall clock until a test sets it:
 * `clock.at(when, fn)` runs `fn` with the clock at `when`, then gives the wall clock back.
 */
export function settableClock() {
  let set: Date | undefined;
  return {
    now: () => set ?? new Date(),
    async at<T>(when: Date, fn: () => Promise<T>): Promise<T> {
      set = when;
      try {
        return await fn();
      } finally {
        set = undefined;
      }
    },
  };
}

/** Wait (up to 15 s: seconds on a busy CI machine) until the read model loaded at start has finished loading and rendering. */
export async function readModelLoaded(app: FastifyInstance): Promise<void> {
  for (let i = 0; i < 300 && app.readModel.state !== 'loaded'; i++) await new Promise((r) => setTimeout(r, 50));
  if (app.readModel.state !== 'loaded') throw new Error(`the read model is ${app.readModel.state}, not loaded`);
}
