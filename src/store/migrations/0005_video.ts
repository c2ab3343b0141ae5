// Video consultations: each doctor's weekly working hours and time off (slots are generated
// from them), and the consultation record of each video booking (the doctor, the reason and
// the key its room name is derived from).
import { sql, type Kysely } from 'kysely';
import { withId } from './util.js';

export async function up(db: Kysely<any>): Promise<void> {
  await withId(db, db.schema.createTable('video_working_hours'))
    .addColumn('practitioner_id', 'integer', (c) => c.notNull().references('practitioners.id').onDelete('cascade'))
    // 0 = Sunday … 6 = Saturday, in the doctor's own time zone.
    .addColumn('weekday', 'integer', (c) => c.notNull().check(sql`weekday between 0 and 6`))
    // Local wall-clock times HH:MM; end may be 24:00.
    .addColumn('start_time', 'text', (c) => c.notNull())
    .addColumn('end_time', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addCheckConstraint('video_working_hours_order', sql`end_time > start_time`)
    .execute();
  await db.schema
    .createIndex('video_working_hours_practitioner')
    .on('video_working_hours')
    .columns(['practitioner_id', 'weekday', 'start_time'])
    .unique()
    .execute();

  await withId(db, db.schema.createTable('video_time_off'))
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('practitioner_id', 'integer', (c) => c.notNull().references('practitioners.id').onDelete('cascade'))
    .addColumn('starts_at', 'text', (c) => c.notNull())
    .addColumn('ends_at', 'text', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addCheckConstraint('video_time_off_order', sql`ends_at > starts_at`)
    .execute();
  await db.schema
    .createIndex('video_time_off_practitioner')
    .on('video_time_off')
    .columns(['practitioner_id', 'starts_at'])
    .execute();

  await db.schema
    .createTable('video_consultations')
    .addColumn('booking_id', 'integer', (c) => c.primaryKey().references('bookings.id').onDelete('cascade'))
    .addColumn('practitioner_id', 'integer', (c) => c.notNull().references('practitioners.id'))
    // Random key; the room name is an HMAC of it under the instance secret, so the database
    // alone does not reveal any room.
    .addColumn('room_key', 'text', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('video_consultations_practitioner')
    .on('video_consultations')
    .column('practitioner_id')
    .execute();

  // A doctor never has two slots starting at the same instant, whoever generates them.
  await db.schema
    .createIndex('slots_practitioner_start_unique')
    .on('slots')
    .columns(['practitioner_id', 'start_at'])
    .unique()
    .where(sql.ref('practitioner_id'), 'is not', null)
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('slots_practitioner_start_unique').ifExists().execute();
  for (const t of ['video_consultations', 'video_time_off', 'video_working_hours'])
    await db.schema.dropTable(t).ifExists().execute();
}
