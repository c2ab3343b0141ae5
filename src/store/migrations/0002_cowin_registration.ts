// Registration & Appointment API, part 1: guest accounts (partner applications), beneficiaries
// (each also a core `people` row), OTP transactions, and the counters behind rate limits and
// lockouts (kept in the database so every server process sees the same numbers).
import { sql, type Kysely } from 'kysely';
import { bigint, withId } from './util.js';

export async function up(db: Kysely<any>): Promise<void> {
  await withId(db, db.schema.createTable('guests'))
    // SHA-256 hex of the guest's user_name: the user_name is the login credential, so only
    // its hash is kept. The clear value is shown once, when the account is created.
    .addColumn('user_name', 'text', (c) => c.notNull().unique())
    .addColumn('user_name_hint', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('disabled', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('disabled_at', 'text')
    .execute();

  await withId(db, db.schema.createTable('beneficiaries'))
    .addColumn('reference_id', bigint(db), (c) => c.notNull().unique())
    .addColumn('person_id', 'integer', (c) => c.notNull().unique().references('people.id'))
    .addColumn('guest_id', 'integer', (c) => c.notNull().references('guests.id'))
    .addColumn('mobile', 'text', (c) => c.notNull())
    // Which of the mobile's four places this beneficiary takes (1..4): a unique index over
    // (mobile, mobile_slot) of live rows makes "at most 4 per mobile" hold under concurrency.
    .addColumn('mobile_slot', 'integer', (c) => c.notNull().check(sql`mobile_slot between 1 and 4`))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('birth_year', 'integer', (c) => c.notNull())
    .addColumn('gender', 'text', (c) => c.notNull().check(sql`gender in ('Male','Female','Others')`))
    .addColumn('photo_id_type', 'integer', (c) => c.notNull())
    .addColumn('photo_id_number', 'text', (c) => c.notNull())
    .addColumn('state_id', 'integer', (c) => c.references('states.id'))
    .addColumn('district_id', 'integer', (c) => c.references('districts.id'))
    .addColumn('block_id', 'integer', (c) => c.references('blocks.id'))
    .addColumn('locality_id', 'integer', (c) => c.references('localities.id'))
    .addColumn('pincode', 'integer')
    .addColumn('address', 'text')
    .addColumn('deleted_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  // Partial unique indexes (both SQLite and PostgreSQL): only live beneficiaries count.
  await sql`create unique index beneficiaries_mobile_slot on beneficiaries (mobile, mobile_slot) where deleted_at is null`.execute(
    db,
  );
  await sql`create unique index beneficiaries_photo_id on beneficiaries (photo_id_type, photo_id_number) where deleted_at is null`.execute(
    db,
  );
  await db.schema.createIndex('beneficiaries_guest').on('beneficiaries').columns(['guest_id']).execute();

  await db.schema
    .createTable('otp_transactions')
    .addColumn('id', 'text', (c) => c.primaryKey()) // the txnId (random UUID)
    .addColumn('mobile', 'text', (c) => c.notNull())
    .addColumn('guest_id', 'integer', (c) => c.notNull().references('guests.id'))
    // HMAC-SHA256 (keyed by the instance secret) of the SHA-256 hex of the OTP: never the OTP.
    .addColumn('otp_hash', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('consumed_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('otp_transactions_created').on('otp_transactions').columns(['created_at']).execute();

  await db.schema
    .createTable('rate_counters')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('count', 'integer', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('rate_counters_expires').on('rate_counters').columns(['expires_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['rate_counters', 'otp_transactions', 'beneficiaries', 'guests']) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
