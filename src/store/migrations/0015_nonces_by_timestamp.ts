// A signed partner request's nonce is now kept under (partner, t, nonce), `t` being the
// request's signed Unix time, instead of (partner, nonce).
//
// Nonces are random, so every nonce spent wrote a random page of the old primary key's index,
// and that index holds every nonce of the last 660 s: at a steady few thousand signed requests
// a second, millions of rows, most of their pages outside SQLite's cache. Measured on SQLite
// (docs/performance.md, thirtieth pass), spending a nonce with 100,000 to 3,000,000 rows kept
// cost 23–25 µs of CPU and 48–56 µs of the event loop, against 15–18 and 24–25 µs with the rows
// ordered by time: a nonce's row now lands next to those of the same seconds, on the pages the
// batch before wrote.
// Replay protection is the same: `t` and `n` are both signed, so a replayed request carries
// both unchanged. A row can only match while its `t` is within the ±300 s a request may be
// signed at, so rows are deleted by `t` and `seen_at` is no longer needed.
//
// The old table is kept, renamed, for the nonces spent before this migration: until they are
// 660 s old, a nonce found there is refused too (core/partners/nonces.ts), and sweeping empties it.
import { type Kysely, sql } from 'kysely';
import { bigint, isPostgres } from './util.js';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('partner_nonces').renameTo('partner_nonces_before_0015').execute();
  const table = db.schema
    .createTable('partner_nonces')
    .addColumn('partner_id', 'integer', (c) => c.notNull().references('partners.id').onDelete('cascade'))
    .addColumn('t', bigint(db), (c) => c.notNull())
    .addColumn('nonce', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('partner_nonces_by_t_pk', ['partner_id', 't', 'nonce']);
  // SQLite: the rows live in the primary key's b-tree itself (no rowid table beside it).
  await (isPostgres(db) ? table : table.modifyEnd(sql`without rowid`)).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('partner_nonces').execute();
  await db.schema.alterTable('partner_nonces_before_0015').renameTo('partner_nonces').execute();
}
