// API keys of the CoWIN API Setu v2 dialect, and an index for its findByLatLong (`x-api-key`). A key belongs to a guest account (the
// partner application it acts for: its OTPs, its beneficiaries), is stored only as its SHA-256
// hash, and has a scope. `state_id` narrows a key to one state: a later `vaccinator` scope (the
// state governments' API) needs it; other scopes leave it null. `sandbox_only` keys (the public
// test key API Setu published) are refused outside sandbox mode.
import { sql, type Kysely } from 'kysely';
import { withId } from './util.js';

export async function up(db: Kysely<any>): Promise<void> {
  await withId(db, db.schema.createTable('api_keys'))
    .addColumn('key_hash', 'text', (c) => c.notNull().unique())
    .addColumn('key_hint', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('scope', 'text', (c) => c.notNull().check(sql`scope in ('public','protected','vaccinator')`))
    .addColumn('state_id', 'integer')
    .addColumn('guest_id', 'integer', (c) => c.notNull().references('guests.id'))
    .addColumn('sandbox_only', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('disabled', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('disabled_at', 'text')
    .execute();
  // findByLatLong looks centres up by a box of latitudes and longitudes.
  await db.schema.createIndex('places_kind_lat').on('places').columns(['kind', 'lat']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('places_kind_lat').ifExists().execute();
  await db.schema.dropTable('api_keys').ifExists().execute();
}
