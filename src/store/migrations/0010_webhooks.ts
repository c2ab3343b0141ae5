// The event outbox and webhook delivery (docs/webhooks.md). `outbox_events` gets one row per
// booking or payment state change that something consumes, written in the same transaction as
// the change; the dispatcher fans each event out into `event_deliveries` (one per webhook
// endpoint subscribed to it, or per person to tell by SMS) and records every try in
// `event_attempts`. Endpoint signing secrets are stored encrypted, like partner secrets.
import { sql, type Kysely } from 'kysely';
import { withId } from './util.js';

export async function up(db: Kysely<any>): Promise<void> {
  await withId(db, db.schema.createTable('webhook_endpoints'))
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('partner_id', 'integer', (c) => c.notNull().references('partners.id'))
    .addColumn('url', 'text', (c) => c.notNull())
    // JSON array of event types, or ["*"] for every type.
    .addColumn('events', 'text', (c) => c.notNull())
    .addColumn('secret_enc', 'text', (c) => c.notNull())
    .addColumn('disabled', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('disabled_at', 'text')
    .execute();
  await db.schema.createIndex('webhook_endpoints_partner').on('webhook_endpoints').column('partner_id').execute();

  await withId(db, db.schema.createTable('outbox_events'))
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('owner_id', 'text')
    .addColumn('booking_id', 'integer')
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('fanned_out', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex('outbox_events_pending').on('outbox_events').columns(['fanned_out', 'id']).execute();

  await withId(db, db.schema.createTable('event_deliveries'))
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('event_id', 'integer', (c) => c.notNull().references('outbox_events.id'))
    .addColumn('target', 'text', (c) => c.notNull().check(sql`target in ('webhook','sms')`))
    .addColumn('endpoint_id', 'integer', (c) => c.references('webhook_endpoints.id'))
    .addColumn('person_id', 'integer')
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('pending','delivered','failed')`))
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'text', (c) => c.notNull())
    .addColumn('lease_until', 'text')
    .addColumn('lease_token', 'text')
    .addColumn('last_status_code', 'integer')
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('event_deliveries_due')
    .on('event_deliveries')
    .columns(['status', 'next_attempt_at'])
    .execute();
  await db.schema
    .createIndex('event_deliveries_endpoint')
    .on('event_deliveries')
    .columns(['endpoint_id', 'id'])
    .execute();

  await withId(db, db.schema.createTable('event_attempts'))
    .addColumn('delivery_id', 'integer', (c) => c.notNull().references('event_deliveries.id'))
    .addColumn('attempt', 'integer', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('outcome', 'text', (c) => c.notNull().check(sql`outcome in ('delivered','failed')`))
    .addColumn('status_code', 'integer')
    .addColumn('error', 'text')
    .addColumn('duration_ms', 'integer', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('event_attempts_delivery')
    .on('event_attempts')
    .columns(['delivery_id', 'attempt'])
    .unique()
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('event_attempts').ifExists().execute();
  await db.schema.dropTable('event_deliveries').ifExists().execute();
  await db.schema.dropTable('outbox_events').ifExists().execute();
  await db.schema.dropTable('webhook_endpoints').ifExists().execute();
}
