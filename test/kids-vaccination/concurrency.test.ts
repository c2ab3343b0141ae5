// 100 concurrent /book calls for a 10-seat slot: exactly 10 bookings and 90 × 1005.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createSlots } from '../../src/core/scheduling/catalogue.js';
import { testApp, type TestApp } from '../helpers/app.js';
import { assertSeatInvariant } from '../helpers/fixtures.js';
import { sandboxPartner, type PartnerClient } from '../helpers/partner.js';
import { P, bookBody } from './fixtures.js';

describe('kids /book under concurrency', () => {
  let t: TestApp;
  let a: PartnerClient;
  before(async () => {
    t = await testApp();
    a = sandboxPartner(t.app, t.config);
  });
  after(async () => {
    await t.close();
  });

  async function tenSeatSlot(): Promise<{ provider_id: string; slot_id: string; id: number }> {
    const place = await t.store.db
      .selectFrom('places')
      .select(['id', 'code'])
      .where('code', '=', 'kvp-riyadh-c1')
      .executeTakeFirstOrThrow();
    const start = new Date(Date.now() + 2 * 86_400_000 + Math.floor(Math.random() * 1000) * 60_000);
    await createSlots(t.store.db, [
      {
        place_id: place.id,
        offering_id: null,
        practitioner_id: null,
        label: 'ten seats',
        capacity: 10,
        start_at: start.toISOString(),
        end_at: new Date(start.getTime() + 3_600_000).toISOString(),
      },
    ]);
    const slot = await t.store.db
      .selectFrom('slots')
      .select('id')
      .where('place_id', '=', place.id)
      .where('start_at', '=', start.toISOString())
      .executeTakeFirstOrThrow();
    return { provider_id: place.code, slot_id: String(slot.id), id: slot.id };
  }

  it('100 concurrent bookings for 10 seats: 10 held, 90 × 1005, no overbooking', async () => {
    const slot = await tenSeatSlot();
    const results = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        a.post(
          `${P}/book`,
          bookBody({ provider_id: slot.provider_id, slot_id: slot.slot_id, partner_reference: `race-${i}` }),
        ),
      ),
    );
    const statuses = results.map((r) => r.json().status);
    assert.equal(
      statuses.filter((s) => s === 1000).length,
      10,
      JSON.stringify(results.find((r) => ![1000, 1005].includes(r.json().status))?.body),
    );
    assert.equal(statuses.filter((s) => s === 1005).length, 90);
    for (const r of results) if (r.json().status === 1005) assert.equal(r.statusCode, 409);
    const row = await t.store.db
      .selectFrom('slots')
      .select(['booked', 'capacity'])
      .where('id', '=', slot.id)
      .executeTakeFirstOrThrow();
    assert.equal(row.booked, 10);
    const payments = await t.store.db
      .selectFrom('payments')
      .innerJoin('bookings', 'bookings.id', 'payments.booking_id')
      .select('payments.id')
      .where('bookings.slot_id', '=', slot.id)
      .execute();
    assert.equal(payments.length, 10, 'one payment per booking');
    await assertSeatInvariant(t.store);
  });

  it('concurrent retries of one /book make one booking and one payment', async () => {
    const slot = await tenSeatSlot();
    const body = bookBody({ provider_id: slot.provider_id, slot_id: slot.slot_id, partner_reference: 'same-ref' });
    const results = await Promise.all(Array.from({ length: 20 }, () => a.post(`${P}/book`, body)));
    const ids = new Set(results.map((r) => r.json().data?.info?.booking_id));
    assert.equal(ids.size, 1, results.map((r) => r.body).join('\n'));
    const urls = new Set(results.map((r) => r.json().data.info.payment_url));
    assert.equal(urls.size, 1);
    const row = await t.store.db
      .selectFrom('slots')
      .select('booked')
      .where('id', '=', slot.id)
      .executeTakeFirstOrThrow();
    assert.equal(row.booked, 1);
    await assertSeatInvariant(t.store);
  });
});
