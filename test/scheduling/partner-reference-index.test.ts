// The unique index on partner references (migration 0013) holds partner bookings only: a CoWIN
// appointment (no partner_reference) adds nothing to it, a partner's reference stays unique,
// and the lookup by reference that makes a partner's retry idempotent still uses it.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import type { Booking } from '../../src/store/schema.js';
import { isPostgresRun, testDb, type TestDb } from '../helpers/db.js';

describe('the partner reference index', () => {
  let t: TestDb;
  let slotId: number;
  before(async () => {
    t = await testDb();
    slotId = (await t.store.db.selectFrom('slots').select('id').orderBy('id').limit(1).executeTakeFirstOrThrow()).id;
  });
  after(async () => {
    await t.drop();
  });

  const at = '2026-01-05T10:00:00.000Z';
  const row = (code: string, channel: string, owner: string, ref: string | null): Omit<Booking, 'id'> => ({
    code,
    slot_id: slotId,
    seats: 1,
    status: 'cancelled',
    channel,
    owner_id: owner,
    partner_reference: ref,
    request_hash: null,
    hold_expires_at: null,
    amount_minor: null,
    currency: null,
    details: '{}',
    created_at: at,
    updated_at: at,
    confirmed_at: null,
    cancelled_at: at,
  });

  it('is partial: only rows with a partner reference are in it', async () => {
    const definition = isPostgresRun()
      ? (
          await sql<{
            def: string;
          }>`select indexdef as def from pg_indexes where indexname = 'bookings_partner_reference'`.execute(t.store.db)
        ).rows[0].def
      : (
          await sql<{
            def: string;
          }>`select sql as def from sqlite_master where name = 'bookings_partner_reference'`.execute(t.store.db)
        ).rows[0].def;
    assert.match(definition, /unique/i);
    assert.match(definition, /where.*partner_reference.*is not null/i);
  });

  it('keeps a partner reference unique per channel and owner, and never CoWIN appointments', async () => {
    await t.store.db
      .insertInto('bookings')
      .values(row('pri-1', 'kids', 'ptn_a', 'order-1'))
      .execute();
    await assert.rejects(
      t.store.db
        .insertInto('bookings')
        .values(row('pri-2', 'kids', 'ptn_a', 'order-1'))
        .execute(),
      /unique/i,
    );
    // The same reference of another partner, or of another channel, is another booking.
    await t.store.db
      .insertInto('bookings')
      .values(row('pri-3', 'kids', 'ptn_b', 'order-1'))
      .execute();
    await t.store.db
      .insertInto('bookings')
      .values(row('pri-4', 'video', 'ptn_a', 'order-1'))
      .execute();
    // Appointments of one mobile have no reference: any number of them.
    await t.store.db
      .insertInto('bookings')
      .values(row('pri-5', 'cowin', '9000000001', null))
      .execute();
    await t.store.db
      .insertInto('bookings')
      .values(row('pri-6', 'cowin', '9000000001', null))
      .execute();
    const codes = await t.store.db
      .selectFrom('bookings')
      .select('code')
      .where('code', 'like', 'pri-%')
      .orderBy('code')
      .execute();
    assert.deepEqual(
      codes.map((c) => c.code),
      ['pri-1', 'pri-3', 'pri-4', 'pri-5', 'pri-6'],
    );
  });

  it('serves the lookup of a booking by its partner reference', async () => {
    const lookup = `select * from bookings where channel = 'kids' and partner_reference = 'order-1' and owner_id = 'ptn_a'`;
    const plan = isPostgresRun()
      ? await t.store.tx(async (trx) => {
          // A test database is small: without this the planner may rightly prefer reading it all.
          await sql`set local enable_seqscan = off`.execute(trx);
          const r = await sql<{ 'QUERY PLAN': string }>`explain ${sql.raw(lookup)}`.execute(trx);
          return r.rows.map((x) => x['QUERY PLAN']).join('\n');
        })
      : (await sql<{ detail: string }>`explain query plan ${sql.raw(lookup)}`.execute(t.store.db)).rows
          .map((x) => x.detail)
          .join('\n');
    assert.match(plan, /bookings_partner_reference/);
  });
});
