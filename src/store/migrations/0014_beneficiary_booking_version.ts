// A counter on each beneficiary that every PostgreSQL appointment booking of it raises, in the
// booking's own transaction or statement (core/cowin/appointment-in-one.ts). A booking written
// by ONE statement reads the people's live appointments from the statement's snapshot, then
// raises their counters only where each still holds what that snapshot read: a booking of one
// of them committed meanwhile raised it, PostgreSQL rechecks the condition against the newest
// row once that booking's lock is released, and the statement books nothing (the transaction,
// which reads after taking the lock, then answers). SQLite has one writer at a time and never
// reads it; the column is there too so both databases hold the same rows.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('beneficiaries')
    .addColumn('booking_version', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('beneficiaries').dropColumn('booking_version').execute();
}
