// /book, /bookings/{id} and /cancel: holds, idempotency, age ranges, ownership, expiry.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { testApp, type TestApp } from '../helpers/app.js';
import { assertSeatInvariant } from '../helpers/fixtures.js';
import { newPartner, sandboxPartner, type PartnerClient } from '../helpers/partner.js';
import { P, bookBody, bornMonthsBefore, browseFor } from './fixtures.js';

describe('kids bookings', () => {
  let t: TestApp;
  let a: PartnerClient;
  let b: PartnerClient;
  before(async () => {
    t = await testApp();
    a = sandboxPartner(t.app, t.config);
    b = await newPartner(t.app, t.store, t.config, 'Partner B', ['KV-SANDBOX']);
  });
  after(async () => {
    await t.close();
  });

  /** A free slot at a home-visit team (capacity 1) or a clinic. */
  async function freeSlot(type: 'home_visit' | 'clinic' = 'home_visit', services = ['kv-hexa'], skip = 0) {
    const providers = (await browseFor(a, services)).filter((x) => x.type === type);
    const all = providers.flatMap((pr) =>
      pr.slots.map((s) => ({ provider_id: pr.id, slot_id: s.id, available: s.available })),
    );
    return all[skip];
  }

  it('books: a held booking with a payment URL, its expiry and the amount', async () => {
    const slot = await freeSlot();
    const body = bookBody({ ...slot, services: ['kv-hexa', 'kv-rota'] });
    const res = await a.post(`${P}/book`, body);
    assert.equal(res.statusCode, 200, res.body);
    const info = res.json().data.info;
    assert.match(info.booking_id, /^bk_/);
    assert.equal(info.status, 'held');
    assert.equal(info.partner_reference, body.partner_reference);
    assert.match(info.payment_url, new RegExp(`^${t.config.publicUrl}/payments/v1/sandbox/checkout/pay_`));
    assert.deepEqual(info.amount, { amount: 63000, currency: 'SAR', display: 'SAR 630' });
    const minutes = (Date.parse(info.expires_at) - Date.now()) / 60_000;
    assert.ok(minutes > 14 && minutes <= 15, `hold of ${t.config.holdMinutes} minutes`);
    const row = await t.store.db
      .selectFrom('bookings')
      .selectAll()
      .where('code', '=', info.booking_id)
      .executeTakeFirstOrThrow();
    assert.equal(row.channel, 'kids');
    assert.equal(row.status, 'held');
    await assertSeatInvariant(t.store);
  });

  it('a retried /book returns the same booking; the same reference with another payload is 1001', async () => {
    const slot = await freeSlot();
    const body = bookBody(slot);
    const first = (await a.post(`${P}/book`, body)).json();
    const again = (await a.post(`${P}/book`, body)).json();
    assert.equal(again.status, 1000);
    assert.equal(again.data.info.booking_id, first.data.info.booking_id);
    assert.equal(again.data.info.payment_url, first.data.info.payment_url);
    const n = await t.store.db
      .selectFrom('bookings')
      .select('id')
      .where('partner_reference', '=', body.partner_reference)
      .execute();
    assert.equal(n.length, 1);
    const changed = await a.post(`${P}/book`, { ...body, child: { ...body.child, name: 'Someone else' } });
    assert.equal(changed.statusCode, 400);
    assert.equal(changed.json().status, 1001);
    assert.match(changed.json().message, /partner_reference was already used/);
    // Another partner may use the same reference for its own booking.
    const other = await freeSlot('home_visit', ['kv-hexa'], 1);
    const theirs = await b.post(`${P}/book`, { ...bookBody(other), partner_reference: body.partner_reference });
    assert.equal(theirs.json().status, 1000);
    assert.notEqual(theirs.json().data.info.booking_id, first.data.info.booking_id);
  });

  it("a child outside a service's age range is 1001 naming the service", async () => {
    const slot = await freeSlot('clinic');
    let res = await a.post(
      `${P}/book`,
      bookBody({
        ...slot,
        services: ['kv-hexa', 'kv-mmr'],
        child: { name: 'Baby', birth_date: bornMonthsBefore(6), gender: 'male' },
      }),
    );
    assert.equal(res.statusCode, 400);
    assert.equal(res.json().status, 1001);
    assert.match(res.json().message, /outside the age range of service kv-mmr/);
    assert.deepEqual(res.json().data.info.fields, ['child.birth_date']);
    res = await a.post(
      `${P}/book`,
      bookBody({ ...slot, child: { name: 'Big', birth_date: bornMonthsBefore(30), gender: 'male' } }),
    );
    assert.match(res.json().message, /service kv-hexa/);
    res = await a.post(
      `${P}/book`,
      bookBody({ ...slot, child: { name: 'Future', birth_date: '2099-01-01', gender: 'male' } }),
    );
    assert.match(res.json().message, /in the future/);
    res = await a.post(
      `${P}/book`,
      bookBody({ ...slot, child: { name: 'X', birth_date: '2026-02-30', gender: 'male' } }),
    );
    assert.match(res.json().message, /real date/);
  });

  it('validation names the fields: missing guardian, bad mobile, bad gender', async () => {
    const slot = await freeSlot();
    const cases: [Record<string, unknown>, string][] = [
      [{ guardian: undefined }, 'guardian'],
      [{ guardian: { name: 'N', mobile: 'call me' } }, 'guardian.mobile'],
      [{ child: { name: 'C', birth_date: bornMonthsBefore(6), gender: 'x' } }, 'child.gender'],
    ];
    for (const [over, field] of cases) {
      const res = await a.post(`${P}/book`, bookBody({ ...slot, ...over }));
      assert.equal(res.statusCode, 400, field);
      assert.equal(res.json().status, 1001);
      assert.ok(res.json().message.includes(field), `${res.json().message} names ${field}`);
    }
  });

  it('a provider without the service is 1001; a slot of another provider or unknown ids are 1004', async () => {
    const home = await freeSlot();
    let res = await a.post(
      `${P}/book`,
      bookBody({
        ...home,
        services: ['kv-hepa'],
        child: { name: 'C', birth_date: bornMonthsBefore(24), gender: 'male' },
      }),
    );
    assert.equal(res.json().status, 1001);
    assert.match(res.json().message, /does not offer service kv-hepa/);
    const clinic = await freeSlot('clinic');
    res = await a.post(`${P}/book`, bookBody({ provider_id: home.provider_id, slot_id: clinic.slot_id }));
    assert.equal(res.statusCode, 404);
    assert.match(res.json().message, /slot .* does not exist at provider/);
    for (const over of [{ provider_id: 'kvp-nope' }, { slot_id: 'abc' }, { services: ['kv-nope'] }]) {
      res = await a.post(`${P}/book`, bookBody({ ...home, ...over }));
      assert.equal(res.json().status, 1004, JSON.stringify(over));
    }
  });

  it('a full slot is 1005', async () => {
    const slot = await freeSlot();
    assert.equal((await a.post(`${P}/book`, bookBody(slot))).json().status, 1000);
    const res = await a.post(`${P}/book`, bookBody(slot));
    assert.equal(res.statusCode, 409);
    assert.equal(res.json().status, 1005);
  });

  it('GET /bookings/{id} reports status to its partner only; partner B gets 1004 for reading and cancelling', async () => {
    const slot = await freeSlot();
    const id = (await a.post(`${P}/book`, bookBody(slot))).json().data.info.booking_id;
    const mine = await a.get(`${P}/bookings/${id}`);
    assert.equal(mine.statusCode, 200);
    const info = mine.json().data.info;
    assert.equal(info.booking_id, id);
    assert.equal(info.status, 'held');
    assert.equal(info.guardian.mobile, '*****4567', 'the mobile is masked');
    assert.equal(info.payment.status, 'pending');
    for (const res of [
      await b.get(`${P}/bookings/${id}`),
      await b.post(`${P}/cancel`, { booking_id: id }),
      await b.get(`${P}/bookings/bk_doesnotexist`),
    ]) {
      assert.equal(res.statusCode, 404);
      assert.equal(res.json().status, 1004);
      assert.match(res.json().message, /does not exist/);
    }
    assert.equal((await a.get(`${P}/bookings/${id}`)).json().data.info.status, 'held', "B's cancel changed nothing");
    const unsigned = await t.app.inject({ method: 'GET', url: `${P}/bookings/${id}` });
    assert.equal(unsigned.json().status, 1002);
  });

  it('/cancel cancels and gives the seat back; cancelling again is 1001', async () => {
    const slot = await freeSlot();
    const id = (await a.post(`${P}/book`, bookBody(slot))).json().data.info.booking_id;
    const res = await a.post(`${P}/cancel`, { booking_id: id });
    assert.equal(res.statusCode, 200);
    assert.equal(res.json().data.info.status, 'cancelled');
    assert.ok(res.json().data.info.cancelled_at);
    const again = await a.post(`${P}/book`, bookBody(slot));
    assert.equal(again.json().status, 1000, 'the seat is free again');
    const twice = await a.post(`${P}/cancel`, { booking_id: id });
    assert.equal(twice.statusCode, 400);
    assert.equal(twice.json().status, 1001);
    assert.match(twice.json().message, /cancelled and cannot be cancelled/);
    await assertSeatInvariant(t.store);
  });

  it('an expired hold reads as expired and its seat can be booked again', async () => {
    const slot = await freeSlot();
    const id = (await a.post(`${P}/book`, bookBody(slot))).json().data.info.booking_id;
    assert.equal((await a.post(`${P}/book`, bookBody(slot))).json().status, 1005);
    // The hold runs out (as if 15 minutes had passed).
    await t.store.db
      .updateTable('bookings')
      .set({ hold_expires_at: new Date(Date.now() - 1000).toISOString() })
      .where('code', '=', id)
      .execute();
    assert.equal((await a.get(`${P}/bookings/${id}`)).json().data.info.status, 'expired');
    const providers = await browseFor(a, ['kv-hexa']);
    assert.ok(
      providers.find((x) => x.id === slot.provider_id)?.slots.some((s) => s.id === slot.slot_id),
      'the slot is offered again',
    );
    const rebook = await b.post(`${P}/book`, bookBody(slot));
    assert.equal(rebook.json().status, 1000, rebook.body);
    assert.equal((await a.get(`${P}/bookings/${id}`)).json().data.info.status, 'expired');
    const cancel = await a.post(`${P}/cancel`, { booking_id: id });
    assert.equal(cancel.json().status, 1001);
    await assertSeatInvariant(t.store);
  });
});
