// Vaccination records (the CoWIN Vaccinator API, issue 13): one row per dose given, the signing
// keys of vaccination certificates (Ed25519; the private half encrypted with the instance
// secret), and the audit log of reads of people's records (who, which record, when, how).
import { sql, type Kysely } from 'kysely';
import { bigint, withId } from './util.js';

export async function up(db: Kysely<any>): Promise<void> {
  await withId(db, db.schema.createTable('vaccinations'))
    .addColumn('beneficiary_id', 'integer', (c) => c.notNull().references('beneficiaries.id'))
    .addColumn('dose', 'integer', (c) => c.notNull().check(sql`dose between 1 and 9`))
    .addColumn('vaccine', 'text', (c) => c.notNull())
    .addColumn('batch', 'text', (c) => c.notNull())
    // The day the dose was given, YYYY-MM-DD (India time).
    .addColumn('given_on', 'text', (c) => c.notNull())
    .addColumn('place_id', 'integer', (c) => c.notNull().references('places.id'))
    .addColumn('vaccinator_name', 'text', (c) => c.notNull())
    .addColumn('booking_id', 'integer', (c) => c.references('bookings.id'))
    .addColumn('api_key_id', 'integer', (c) => c.references('api_keys.id'))
    // The certificate id printed on the certificate of this dose (digits, unique).
    .addColumn('certificate_id', bigint(db), (c) => c.notNull().unique())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  // One row per dose number: two vaccinators recording the same dose at once cannot both win.
  await db.schema
    .createIndex('vaccinations_dose')
    .on('vaccinations')
    .columns(['beneficiary_id', 'dose'])
    .unique()
    .execute();

  await db.schema
    .createTable('signing_keys')
    .addColumn('kid', 'text', (c) => c.primaryKey())
    .addColumn('public_jwk', 'text', (c) => c.notNull())
    // AES-256-GCM of the private JWK under a key derived from CARESLOT_SECRET; null for a key
    // given by configuration (CERTIFICATE_SIGNING_KEY), whose private half is never stored.
    .addColumn('private_sealed', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await withId(db, db.schema.createTable('audit_log'))
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('actor_kind', 'text', (c) => c.notNull().check(sql`actor_kind in ('api_key','operator','guest')`))
    .addColumn('actor_id', 'integer', (c) => c.notNull())
    .addColumn('operation', 'text', (c) => c.notNull())
    .addColumn('record_kind', 'text', (c) => c.notNull())
    .addColumn('record_ref', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('audit_log_at').on('audit_log').columns(['at']).execute();
  await db.schema.createIndex('audit_log_record').on('audit_log').columns(['record_ref', 'at']).execute();
  await db.schema.createIndex('audit_log_actor').on('audit_log').columns(['actor_kind', 'actor_id', 'at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['audit_log', 'signing_keys', 'vaccinations']) await db.schema.dropTable(t).ifExists().execute();
}
