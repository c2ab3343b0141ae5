// Indexes found by `npm run bench` profiles (docs/performance.md).
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  // Pruning one partner's expired nonces on each signed request: with only (seen_at) and the
  // (partner_id, nonce) key, SQLite chose the key and read every nonce of the partner.
  await db.schema
    .createIndex('partner_nonces_partner_seen')
    .on('partner_nonces')
    .columns(['partner_id', 'seen_at'])
    .execute();
  await db.schema.dropIndex('partner_nonces_seen').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('partner_nonces_seen').on('partner_nonces').columns(['seen_at']).execute();
  await db.schema.dropIndex('partner_nonces_partner_seen').execute();
}
