// Operators of vaccination centres (admins and facility operators), the centre's daily
// capacity from facility sheets, and a unique session key so that re-uploading a sheet
// updates its sessions instead of adding them twice.
import { sql, type Kysely } from 'kysely';
import { withId } from './util.js';

export async function up(db: Kysely<any>): Promise<void> {
  await withId(db, db.schema.createTable('operators'))
    .addColumn('email', 'text', (c) => c.notNull().unique())
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull().check(sql`role in ('admin','facility')`))
    .addColumn('disabled', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('failed_logins', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('locked_until', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  // `Vaccancy` of a facility sheet: the centre's total doses per day (online and walk-in).
  await db.schema.alterTable('places').addColumn('daily_capacity', 'integer').execute();
  // One session per centre, vaccine and start time (practitioner slots are keyed otherwise).
  await db.schema
    .createIndex('slots_session_key')
    .on('slots')
    .columns(['place_id', 'offering_id', 'start_at'])
    .unique()
    .where(sql.ref('practitioner_id'), 'is', null)
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('slots_session_key').ifExists().execute();
  await db.schema.alterTable('places').dropColumn('daily_capacity').execute();
  await db.schema.dropTable('operators').ifExists().execute();
}
