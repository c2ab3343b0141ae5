// The scheduling core shared by every API dialect: geography, places, offerings,
// practitioners, slots with capacity, people, bookings and payments.
import { sql, type Kysely } from 'kysely';
import { bigint, float, withId } from './util.js';

export async function up(db: Kysely<any>): Promise<void> {
  const real = float(db);

  await db.schema
    .createTable('states')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('districts')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('state_id', 'integer', (c) => c.notNull().references('states.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('districts_state').on('districts').columns(['state_id', 'name']).execute();
  await withId(db, db.schema.createTable('blocks'))
    .addColumn('district_id', 'integer', (c) => c.notNull().references('districts.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('blocks_district').on('blocks').columns(['district_id', 'name']).unique().execute();
  await db.schema
    .createTable('pincodes')
    .addColumn('pincode', 'integer', (c) => c.primaryKey())
    .addColumn('district_id', 'integer', (c) => c.notNull().references('districts.id'))
    .addColumn('block_id', 'integer', (c) => c.references('blocks.id'))
    .addColumn('lat', real)
    .addColumn('lng', real)
    .execute();
  await withId(db, db.schema.createTable('localities'))
    .addColumn('pincode', 'integer', (c) => c.notNull().references('pincodes.pincode'))
    .addColumn('block_id', 'integer', (c) => c.references('blocks.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('office_name', 'text')
    .execute();
  await db.schema.createIndex('localities_pincode').on('localities').column('pincode').execute();

  await withId(db, db.schema.createTable('places'))
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('external_ref', 'text')
    .addColumn('incharge_name', 'text')
    .addColumn('mobile', 'text')
    .addColumn('address', 'text')
    .addColumn('state_id', 'integer', (c) => c.references('states.id'))
    .addColumn('district_id', 'integer', (c) => c.references('districts.id'))
    .addColumn('block_id', 'integer', (c) => c.references('blocks.id'))
    .addColumn('pincode', 'integer')
    .addColumn('locality', 'text')
    .addColumn('area', 'text')
    .addColumn('centre_type', 'text')
    .addColumn('lat', real)
    .addColumn('lng', real)
    .addColumn('service_radius_km', real)
    .addColumn('timezone', 'text', (c) => c.notNull())
    .addColumn('owner_id', 'integer')
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('places_external_ref').on('places').columns(['kind', 'external_ref']).unique().execute();
  await db.schema.createIndex('places_pincode').on('places').columns(['pincode']).execute();
  await db.schema.createIndex('places_district').on('places').columns(['district_id']).execute();
  await db.schema.createIndex('places_block').on('places').columns(['block_id']).execute();

  await withId(db, db.schema.createTable('offerings'))
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('catalog', 'text')
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('price_minor', 'integer')
    .addColumn('currency', 'text')
    .addColumn('min_age_months', 'integer')
    .addColumn('max_age_months', 'integer')
    .addColumn('doses', 'integer')
    .addColumn('dose_gap_days', 'integer')
    .addColumn('details', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('offerings_kind_catalog').on('offerings').columns(['kind', 'catalog']).execute();

  await db.schema
    .createTable('place_offerings')
    .addColumn('place_id', 'integer', (c) => c.notNull().references('places.id').onDelete('cascade'))
    .addColumn('offering_id', 'integer', (c) => c.notNull().references('offerings.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('place_offerings_pk', ['place_id', 'offering_id'])
    .execute();
  await db.schema
    .createIndex('place_offerings_offering')
    .on('place_offerings')
    .columns(['offering_id', 'place_id'])
    .execute();

  await withId(db, db.schema.createTable('practitioners'))
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('place_id', 'integer', (c) => c.references('places.id'))
    .addColumn('offering_id', 'integer', (c) => c.references('offerings.id'))
    .addColumn('title', 'text')
    .addColumn('first_name', 'text', (c) => c.notNull())
    .addColumn('last_name', 'text', (c) => c.notNull())
    .addColumn('gender', 'text')
    .addColumn('photo_url', 'text')
    .addColumn('languages', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('details', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('national_id', 'text')
    .addColumn('licence_no', 'text')
    .addColumn('timezone', 'text', (c) => c.notNull())
    .addColumn('fee_minor', 'integer')
    .addColumn('currency', 'text')
    .addColumn('slot_minutes', 'integer', (c) => c.notNull().defaultTo(15))
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('practitioners_offering').on('practitioners').columns(['offering_id']).execute();

  await withId(db, db.schema.createTable('slots'))
    .addColumn('place_id', 'integer', (c) => c.notNull().references('places.id').onDelete('cascade'))
    .addColumn('offering_id', 'integer', (c) => c.references('offerings.id'))
    .addColumn('practitioner_id', 'integer', (c) => c.references('practitioners.id'))
    .addColumn('start_at', 'text', (c) => c.notNull())
    .addColumn('end_at', 'text', (c) => c.notNull())
    .addColumn('label', 'text')
    .addColumn('capacity', 'integer', (c) => c.notNull())
    .addColumn('booked', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    // The database itself refuses overbooking, whatever code runs against it.
    .addCheckConstraint('slots_booked_within_capacity', sql`booked >= 0 and booked <= capacity`)
    .addCheckConstraint('slots_ends_after_start', sql`end_at > start_at`)
    .execute();
  await db.schema.createIndex('slots_place_start').on('slots').columns(['place_id', 'start_at']).execute();
  await db.schema
    .createIndex('slots_practitioner_start')
    .on('slots')
    .columns(['practitioner_id', 'start_at'])
    .execute();

  await withId(db, db.schema.createTable('people'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('birth_date', 'text')
    .addColumn('birth_year', 'integer')
    .addColumn('gender', 'text')
    .addColumn('mobile', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('people_mobile').on('people').column('mobile').execute();

  await withId(db, db.schema.createTable('bookings'))
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('slot_id', 'integer', (c) => c.notNull().references('slots.id'))
    .addColumn('seats', 'integer', (c) => c.notNull().check(sql`seats > 0`))
    .addColumn('status', 'text', (c) =>
      c.notNull().check(sql`status in ('held','confirmed','completed','cancelled','expired')`),
    )
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('owner_id', 'text')
    .addColumn('partner_reference', 'text')
    .addColumn('request_hash', 'text')
    .addColumn('hold_expires_at', 'text')
    .addColumn('amount_minor', bigint(db))
    .addColumn('currency', 'text')
    .addColumn('details', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('confirmed_at', 'text')
    .addColumn('cancelled_at', 'text')
    .execute();
  await db.schema
    .createIndex('bookings_slot_status')
    .on('bookings')
    .columns(['slot_id', 'status', 'hold_expires_at'])
    .execute();
  await db.schema.createIndex('bookings_status_expiry').on('bookings').columns(['status', 'hold_expires_at']).execute();
  await db.schema
    .createIndex('bookings_partner_reference')
    .on('bookings')
    .columns(['channel', 'owner_id', 'partner_reference'])
    .unique()
    .execute();

  await db.schema
    .createTable('booking_people')
    .addColumn('booking_id', 'integer', (c) => c.notNull().references('bookings.id').onDelete('cascade'))
    .addColumn('person_id', 'integer', (c) => c.notNull().references('people.id'))
    .addPrimaryKeyConstraint('booking_people_pk', ['booking_id', 'person_id'])
    .execute();
  await db.schema.createIndex('booking_people_person').on('booking_people').columns(['person_id']).execute();

  await withId(db, db.schema.createTable('payments'))
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('booking_id', 'integer', (c) => c.notNull().references('bookings.id'))
    .addColumn('provider', 'text', (c) => c.notNull())
    .addColumn('amount_minor', bigint(db), (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) =>
      c.notNull().check(sql`status in ('pending','paid','declined','refund_due','refunded')`),
    )
    .addColumn('provider_ref', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('payments_booking').on('payments').column('booking_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of [
    'payments',
    'booking_people',
    'bookings',
    'people',
    'slots',
    'practitioners',
    'place_offerings',
    'offerings',
    'places',
    'localities',
    'pincodes',
    'blocks',
    'districts',
    'states',
  ]) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
