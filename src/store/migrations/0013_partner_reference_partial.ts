// Only partner bookings carry a `partner_reference` (kids and video: their idempotency key);
// a CoWIN appointment has none. The unique index on (channel, owner_id, partner_reference)
// still took an entry for every appointment, keyed by the beneficiary's mobile: a random page
// of that index read, changed and written to the log with every booking. Its uniqueness never
// applied to them (NULLs are distinct in a unique index, on SQLite and PostgreSQL alike), and
// every query it serves asks for `partner_reference = ?`, which implies the index's condition.
// Measured on the bench database (docs/performance.md, eleventh pass): a CoWIN booking's
// insert and share of its commit went from about 47 to 34 µs.
import type { Kysely } from 'kysely';

const index = (db: Kysely<any>) =>
  db.schema
    .createIndex('bookings_partner_reference')
    .unique()
    .on('bookings')
    .columns(['channel', 'owner_id', 'partner_reference']);

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('bookings_partner_reference').execute();
  await index(db).where('partner_reference', 'is not', null).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('bookings_partner_reference').execute();
  await index(db).execute();
}
