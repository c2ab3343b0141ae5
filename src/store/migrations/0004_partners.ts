// Partners of the partner APIs (kids vaccination, video consultation): hashed tokens,
// encrypted signing secrets (two active while one is rotated), product codes, and the
// nonces of signed requests (replay protection shared by every server process).
import type { Kysely } from 'kysely';
import { withId } from './util.js';

export async function up(db: Kysely<any>): Promise<void> {
  await withId(db, db.schema.createTable('partners'))
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('disabled_at', 'text')
    .execute();

  await withId(db, db.schema.createTable('partner_secrets'))
    .addColumn('partner_id', 'integer', (c) => c.notNull().references('partners.id').onDelete('cascade'))
    .addColumn('secret_enc', 'text', (c) => c.notNull())
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('retired_at', 'text')
    .execute();
  await db.schema
    .createIndex('partner_secrets_partner')
    .on('partner_secrets')
    .columns(['partner_id', 'active'])
    .execute();

  await db.schema
    .createTable('partner_products')
    .addColumn('partner_id', 'integer', (c) => c.notNull().references('partners.id').onDelete('cascade'))
    .addColumn('prd_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('partner_products_pk', ['partner_id', 'prd_id'])
    .execute();
  await db.schema.createIndex('partner_products_prd').on('partner_products').columns(['prd_id']).execute();

  await db.schema
    .createTable('partner_nonces')
    .addColumn('partner_id', 'integer', (c) => c.notNull().references('partners.id').onDelete('cascade'))
    .addColumn('nonce', 'text', (c) => c.notNull())
    .addColumn('seen_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('partner_nonces_pk', ['partner_id', 'nonce'])
    .execute();
  await db.schema.createIndex('partner_nonces_seen').on('partner_nonces').columns(['seen_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['partner_nonces', 'partner_products', 'partner_secrets', 'partners'])
    await db.schema.dropTable(t).ifExists().execute();
}
