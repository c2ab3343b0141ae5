// The origins a partner may send payers back to from the checkout page (`return_url`,
// `cancel_url` of a booking): a JSON array of `scheme://host[:port]` strings, registered by an
// operator (CLI, console). A booking's own URLs are kept in its `details`, written anyway.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('partners')
    .addColumn('checkout_origins', 'text', (c) => c.notNull().defaultTo(sql`'[]'`))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('partners').dropColumn('checkout_origins').execute();
}
