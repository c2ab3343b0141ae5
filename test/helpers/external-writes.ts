// Another process's commit (SQLite) is seen by requests that start more than
// EXTERNAL_WRITES_BOUND_MS after it (core/scheduling/changes.ts): tests that write through a
// second connection wait that long (elapsed time, not the time of day) before reading.
import { sql } from 'kysely';
import { catalogueVersion, EXTERNAL_WRITES_BOUND_MS } from '../../src/core/scheduling/changes.js';
import { CHANGES_CHANNEL } from '../../src/store/change-notices.js';
import type { Conn } from '../../src/store/index.js';

export const pastExternalWritesBound = () =>
  new Promise<void>((resolve) => setTimeout(resolve, EXTERNAL_WRITES_BOUND_MS + 1));

/**
 * PostgreSQL: send, through `db`, the change notice another Careslot process sends when it
 * commits (`c` catalogue, `g` guests: store/change-notices.ts), and wait (at most 2 s of
 * elapsed time) until this process's listener has heard it.
 */
export async function announceAndHear(db: Conn, payload: 'c' | 'g'): Promise<void> {
  const before = catalogueVersion();
  await sql`select pg_notify(${CHANGES_CHANNEL}, ${payload})`.execute(db);
  const until = performance.now() + 2000;
  while (catalogueVersion() === before) {
    if (performance.now() > until) throw new Error(`the notice "${payload}" was not heard within 2 s`);
    await new Promise((r) => setTimeout(r, 5));
  }
}
