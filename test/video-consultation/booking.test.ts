// POST /book, GET /bookings/{id}: holds, idempotency, races, lead time, validation, hold
// expiry, payment → join link, and partner isolation.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createSlots } from '../../src/core/scheduling/catalogue.js';
import { encodeSlotId } from '../../src/core/video/slot-ids.js';
import { testApp, type TestApp } from '../helpers/app.js';
import { assertSeatInvariant } from '../helpers/fixtures.js';
import {
  bookBody,
  call,
  freeSlots,
  newPartner,
  pay,
  PATIENT,
  roundTheClockDoctor,
  V,
  type TestPartner,
} from './api-helpers.js';

describe('video booking', () => {
  let t: TestApp;
  let a: TestPartner;
  let b: TestPartner;
  before(async () => {
    t = await testApp({ env: { VIDEO_BASE_URL: 'https://video.example.org/rooms/' } });
    a = await newPartner(t.store, t.config.secret, 'Partner A');
    b = await newPartner(t.store, t.config.secret, 'Partner B');
  });
  after(async () => {
    await assertSeatInvariant(t.store);
    await t.close();
  });

  const book = (p: TestPartner, body: unknown) => call(t.app, 'POST', `${V}/book`, { partner: p, body });
  const get = (p: TestPartner, id: string) => call(t.app, 'GET', `${V}/bookings/${id}`, { partner: p });

  it('holds the slot and returns booking_id, payment_url, expires_at and the amount', async () => {
    const doc = await roundTheClockDoctor(t.store, { fee: 12050 });
    const [slot] = await freeSlots(t.app, doc.code);
    const started = Date.now();
    const res = await book(a, bookBody(doc.code, slot.slot_id));
    assert.equal(res.status, 200, res.raw);
    assert.equal(res.body.status, 1000);
    const info = res.body.data.info;
    assert.match(info.booking_id, /^bk_[0-9a-z]{26}$/);
    assert.equal(info.status, 'held');
    assert.match(info.payment_url, /\/payments\/v1\/sandbox\/checkout\/pay_/);
    assert.deepEqual(info.amount, { amount: 12050, currency: 'SAR', display: 'SAR 120.50' });
    const expires = Date.parse(info.expires_at);
    assert.ok(Math.abs(expires - (started + t.config.holdMinutes * 60_000)) < 60_000, 'held for holdMinutes');
    assert.deepEqual(info.slot, slot);
    assert.equal(info.patient.mobile, '*****4567', 'the mobile is masked');
    assert.equal(info.join_url, undefined, 'no join link before payment');
    // The slot is no longer listed as free.
    assert.ok(!(await freeSlots(t.app, doc.code)).some((s) => s.slot_id === slot.slot_id));
  });

  it('needs Authorization and a valid Cmt', async () => {
    const doc = await roundTheClockDoctor(t.store);
    const [slot] = await freeSlots(t.app, doc.code);
    const res = await call(t.app, 'POST', `${V}/book`, { body: bookBody(doc.code, slot.slot_id) });
    assert.equal(res.status, 401);
    assert.equal(res.body.status, 1002);
    const payload = JSON.stringify(bookBody(doc.code, slot.slot_id));
    const r = await t.app.inject({
      method: 'POST',
      url: `${V}/book`,
      payload,
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${a.token}`,
        cmt: `t=1,n=xxxxxxxxxxxxxxxxxxxx,v1=${'0'.repeat(64)}`,
      },
    });
    assert.equal(r.statusCode, 401);
    assert.equal(r.json().status, 1003);
    assert.equal((await freeSlots(t.app, doc.code))[0].slot_id, slot.slot_id, 'nothing was booked');
  });

  it('the same partner_reference and payload returns the same booking; another payload is a 1001', async () => {
    const doc = await roundTheClockDoctor(t.store);
    const [s1, s2] = await freeSlots(t.app, doc.code);
    const body = bookBody(doc.code, s1.slot_id);
    const first = await book(a, body);
    const again = await book(a, body);
    assert.equal(again.status, 200);
    assert.equal(again.body.data.info.booking_id, first.body.data.info.booking_id);
    assert.equal(again.body.data.info.payment_url, first.body.data.info.payment_url);
    const other = await book(a, { ...body, slot_id: s2.slot_id });
    assert.equal(other.status, 400);
    assert.equal(other.body.status, 1001);
    assert.match(other.body.message, /partner_reference was already used/);
    // The same reference from another partner is that partner's own booking.
    const theirs = await book(b, { ...body, slot_id: s2.slot_id });
    assert.equal(theirs.body.status, 1000);
    assert.notEqual(theirs.body.data.info.booking_id, first.body.data.info.booking_id);
    const payments = await t.store.db
      .selectFrom('payments')
      .innerJoin('bookings', 'bookings.id', 'payments.booking_id')
      .select('payments.id')
      .where('bookings.code', '=', first.body.data.info.booking_id)
      .execute();
    assert.equal(payments.length, 1, 'a retry creates no second payment');
  });

  it('two partners racing for one slot: exactly one booking and one 1005', async () => {
    const doc = await roundTheClockDoctor(t.store);
    const [slot] = await freeSlots(t.app, doc.code);
    const results = await Promise.all([
      book(a, bookBody(doc.code, slot.slot_id)),
      book(b, bookBody(doc.code, slot.slot_id)),
    ]);
    const codes = results.map((r) => r.body.status).sort();
    assert.deepEqual(codes, [1000, 1005]);
    const lost = results.find((r) => r.body.status === 1005)!;
    assert.equal(lost.status, 409);
    assert.match(lost.body.message, /free seat|choose another slot/);
    const live = await t.store.db
      .selectFrom('bookings')
      .innerJoin('video_consultations', 'video_consultations.booking_id', 'bookings.id')
      .select('bookings.id')
      .where('video_consultations.practitioner_id', '=', doc.id)
      .execute();
    assert.equal(live.length, 1);
  });

  it('1005 for a slot in the past or within the lead time, saying which', async () => {
    const doc = await roundTheClockDoctor(t.store);
    const now = Date.now();
    await createSlots(t.store.db, [
      {
        place_id: doc.place_id!,
        offering_id: doc.offering_id,
        practitioner_id: doc.id,
        label: null,
        capacity: 1,
        start_at: new Date(now - 3_600_000 + 7_000).toISOString(),
        end_at: new Date(now - 60_000).toISOString(),
      },
      {
        place_id: doc.place_id!,
        offering_id: doc.offering_id,
        practitioner_id: doc.id,
        label: null,
        capacity: 1,
        start_at: new Date(now + 5 * 60_000 + 7_000).toISOString(),
        end_at: new Date(now + 20 * 60_000).toISOString(),
      },
    ]);
    const rows = await t.store.db
      .selectFrom('slots')
      .select(['id', 'start_at'])
      .where('practitioner_id', '=', doc.id)
      .where('start_at', 'in', [
        new Date(now - 3_600_000 + 7_000).toISOString(),
        new Date(now + 5 * 60_000 + 7_000).toISOString(),
      ])
      .orderBy('start_at')
      .execute();
    const [past, soon] = rows.map((r) => encodeSlotId(t.config.secret, r.id));
    let res = await book(a, bookBody(doc.code, past));
    assert.equal(res.status, 409);
    assert.equal(res.body.status, 1005);
    assert.match(res.body.message, /already started/);
    res = await book(a, bookBody(doc.code, soon));
    assert.equal(res.body.status, 1005);
    assert.match(res.body.message, /too soon/);
  });

  it('1004 for an unknown doctor, a slot of another doctor or a made-up slot_id; 1001 for bad patient data', async () => {
    const doc = await roundTheClockDoctor(t.store);
    const other = await roundTheClockDoctor(t.store);
    const [slot] = await freeSlots(t.app, doc.code);
    const [otherSlot] = await freeSlots(t.app, other.code);
    let res = await book(a, bookBody('doc-nobody', slot.slot_id));
    assert.equal(res.status, 404);
    assert.match(res.body.message, /doctor_id doc-nobody does not exist/);
    res = await book(a, bookBody(doc.code, otherSlot.slot_id));
    assert.equal(res.body.status, 1004);
    assert.deepEqual(res.body.data.info.fields, ['slot_id']);
    res = await book(a, bookBody(doc.code, 'sl_AAAAAAAAAAAAAAAAAAAAAA'));
    assert.equal(res.body.status, 1004);
    for (const [patient, field] of [
      [{ ...PATIENT, mobile: '12ab' }, /patient\.mobile/],
      [{ ...PATIENT, gender: 'x' }, /patient\.gender/],
      [{ ...PATIENT, birth_date: '2999-01-01' }, /patient\.birth_date must be a past calendar date/],
      [{ ...PATIENT, birth_date: '1990-02-30' }, /patient\.birth_date/],
      [{ name: 'No mobile', gender: 'male', birth_date: '1990-01-01' }, /patient\.mobile is required/],
    ] as const) {
      res = await book(a, bookBody(doc.code, slot.slot_id, { patient }));
      assert.equal(res.status, 400, JSON.stringify(patient));
      assert.equal(res.body.status, 1001);
      assert.match(res.body.message, field);
    }
    res = await book(a, { doctor_id: doc.code, slot_id: slot.slot_id, patient: PATIENT });
    assert.match(res.body.message, /partner_reference is required/);
    assert.equal((await freeSlots(t.app, doc.code))[0].slot_id, slot.slot_id, 'no failed request took the slot');
  });

  it("an unpaid booking's slot is free again once the hold expires", async () => {
    const doc = await roundTheClockDoctor(t.store);
    const [slot] = await freeSlots(t.app, doc.code);
    const held = await book(a, bookBody(doc.code, slot.slot_id));
    assert.equal((await book(b, bookBody(doc.code, slot.slot_id))).body.status, 1005, 'taken while held');
    // The hold runs out (its expiry moved into the past instead of waiting 15 minutes).
    await t.store.db
      .updateTable('bookings')
      .set({ hold_expires_at: new Date(Date.now() - 1000).toISOString() })
      .where('code', '=', held.body.data.info.booking_id)
      .execute();
    assert.ok(
      (await freeSlots(t.app, doc.code)).some((s) => s.slot_id === slot.slot_id),
      'listed as free again',
    );
    const mine = await get(a, held.body.data.info.booking_id);
    assert.equal(mine.body.data.info.status, 'expired');
    assert.equal(mine.body.data.info.payment_url, null, 'no payment link for an expired hold');
    const taken = await book(b, bookBody(doc.code, slot.slot_id));
    assert.equal(taken.body.status, 1000, taken.raw);
  });

  it('the join link is absent before payment and present after, valid from shortly before the slot to its end', async () => {
    const doc = await roundTheClockDoctor(t.store);
    const [slot] = await freeSlots(t.app, doc.code);
    const heldBody = bookBody(doc.code, slot.slot_id);
    const held = (await book(a, heldBody)).body.data.info;
    let res = await get(a, held.booking_id);
    assert.equal(res.body.data.info.status, 'held');
    assert.ok(!('join_url' in res.body.data.info));
    assert.equal(await pay(t.app, held.payment_url, 'decline'), 303);
    res = await get(a, held.booking_id);
    assert.equal(res.body.data.info.status, 'held', 'a declined payment confirms nothing');
    assert.ok(!('join_url' in res.body.data.info));
    assert.equal(res.body.data.info.payment_status, 'declined');
    assert.equal(res.body.data.info.payment_url, null, 'the declined checkout is not offered again');
    // Retrying /book with the same reference and payload offers a fresh checkout for the same booking.
    const retry = await book(a, heldBody);
    assert.equal(retry.body.data.info.booking_id, held.booking_id);
    assert.notEqual(retry.body.data.info.payment_url, held.payment_url);
    assert.equal(retry.body.data.info.payment_status, 'pending');
    assert.equal(await pay(t.app, retry.body.data.info.payment_url), 303);
    res = await get(a, held.booking_id);
    const info = res.body.data.info;
    assert.equal(info.status, 'confirmed');
    assert.equal(info.payment_status, 'paid');
    assert.equal(info.payment_url, null);
    assert.equal(info.expires_at, null);
    assert.match(info.join_url, /^https:\/\/video\.example\.org\/rooms\/careslot-[a-z2-9]{26}$/);
    const start = Date.parse(info.slot.start);
    assert.equal(Date.parse(info.join_valid_from), start - t.config.videoJoinEarlyMinutes * 60_000);
    assert.equal(Date.parse(info.join_valid_until), Date.parse(info.slot.end));
    // Another booking gets another room.
    const third = await book(a, bookBody(doc.code, (await freeSlots(t.app, doc.code))[0].slot_id));
    await pay(t.app, third.body.data.info.payment_url);
    assert.notEqual((await get(a, third.body.data.info.booking_id)).body.data.info.join_url, info.join_url);
  });

  it("partner B cannot see, cancel or reschedule partner A's booking", async () => {
    const doc = await roundTheClockDoctor(t.store);
    const [s1, s2] = await freeSlots(t.app, doc.code);
    const mine = (await book(a, bookBody(doc.code, s1.slot_id))).body.data.info;
    let res = await get(b, mine.booking_id);
    assert.equal(res.status, 404);
    assert.equal(res.body.status, 1004);
    assert.ok(!res.raw.includes(PATIENT.name));
    res = await call(t.app, 'POST', `${V}/cancel`, { partner: b, body: { booking_id: mine.booking_id } });
    assert.equal(res.body.status, 1004);
    res = await call(t.app, 'POST', `${V}/reschedule`, {
      partner: b,
      body: { booking_id: mine.booking_id, slot_id: s2.slot_id },
    });
    assert.equal(res.body.status, 1004);
    res = await get(a, mine.booking_id);
    assert.equal(res.body.data.info.status, 'held');
    assert.deepEqual(res.body.data.info.slot, s1);
    // Unsigned or unknown: 1002 / 1004.
    assert.equal((await call(t.app, 'GET', `${V}/bookings/${mine.booking_id}`)).body.status, 1002);
    assert.equal((await get(a, 'bk_doesnotexist0000')).body.status, 1004);
  });
});
