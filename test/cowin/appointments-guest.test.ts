// Seed 002's auth row names the guest token for scheduleAppointment (C1) and
// rescheduleAppointment (C2): a guest account books and moves appointments for the
// beneficiaries it registered, and for no one else's; the appointment is then its
// beneficiaries' mobile's like any other.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { testApp, type TestApp } from '../helpers/app.js';
import { assertSeatInvariant } from '../helpers/fixtures.js';
import {
  createBeneficiary,
  createCentre,
  createGuest,
  type TestBeneficiary,
  type TestCentre,
} from './appointment-fixtures.js';
import { beneficiaryToken, get, guestToken, post } from './api-helpers.js';

describe('CoWIN appointments with a guest token', () => {
  let t: TestApp;
  let mine: string;
  let theirs: string;
  let asha: TestBeneficiary;
  let ravi: TestBeneficiary;
  let other: TestBeneficiary;
  let neighbour: TestBeneficiary;
  let meera: TestBeneficiary;
  let centre: TestCentre;

  before(async () => {
    t = await testApp();
    const guestId = await createGuest(t.store);
    const otherGuest = await createGuest(t.store);
    mine = await guestToken(t.config, String(guestId));
    theirs = await guestToken(t.config, String(otherGuest));
    asha = await createBeneficiary(t.store, guestId, '9000000301', 1980, 1, 'Asha Pawar');
    ravi = await createBeneficiary(t.store, guestId, '9000000301', 1990, 2, 'Ravi Pawar');
    neighbour = await createBeneficiary(t.store, guestId, '9000000302', 1985, 1, 'Neha Joshi');
    meera = await createBeneficiary(t.store, guestId, '9000000301', 1995, 3, 'Meera Pawar');
    other = await createBeneficiary(t.store, otherGuest, '9000000303', 1975, 1, 'Other Person');
    centre = await createCentre(t.store, [5, 5], 1);
  });
  after(async () => {
    await assertSeatInvariant(t.store);
    await t.close();
  });

  const schedule = (token: string, slot: { id: number; date: string }, beneficiaries: number[]) =>
    post(
      t.app,
      '/api/v1/appointment/scheduleAppointment',
      { center_id: centre.id, date: slot.date, slot_id: slot.id, beneficiaries },
      token,
    );

  let booked: number;

  it("schedules for the beneficiaries its account registered, seen by their mobile's token", async () => {
    const res = await schedule(mine, centre.slots[0], [asha.referenceId, ravi.referenceId]);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    booked = res.body.appointment_confirmation_no;
    const family = await get(t.app, '/api/v1/appointment', await beneficiaryToken(t.config, '9000000301'));
    assert.equal(family.status, 200);
    assert.deepEqual(
      family.body.appointments.map(
        (a: { appointment: { appointment_confirmation_no: number } }) => a.appointment.appointment_confirmation_no,
      ),
      [booked],
    );
  });

  it("refuses another account's beneficiaries, and one appointment across two mobiles", async () => {
    const foreign = await schedule(mine, centre.slots[1], [other.referenceId]);
    assert.deepEqual([foreign.status, foreign.body.errorCode], [404, 'APPOIN0019']);
    assert.match(foreign.body.error, /registered by this guest account/);
    // Neither has an appointment: only the two mobiles refuse it, and nothing is booked.
    const mixed = await schedule(mine, centre.slots[1], [neighbour.referenceId, meera.referenceId]);
    assert.equal(mixed.status, 400);
    assert.match(mixed.body.error, /one mobile number/);
    const seats = await t.store.db
      .selectFrom('slots')
      .select('booked')
      .where('id', '=', centre.slots[1].id)
      .executeTakeFirstOrThrow();
    assert.equal(seats.booked, 0);
  });

  it('reschedules its own appointments only', async () => {
    const move = (token: string) =>
      post(
        t.app,
        '/api/v1/appointment/rescheduleAppointment',
        {
          appointment_confirmation_no: booked,
          center_id: centre.id,
          date: centre.slots[1].date,
          slot_id: centre.slots[1].id,
        },
        token,
      );
    const stolen = await move(theirs);
    assert.deepEqual([stolen.status, stolen.body.errorCode], [404, 'APPOIN0042']);
    const moved = await move(mine);
    assert.equal(moved.status, 200, JSON.stringify(moved.body));
    const seats = await t.store.db
      .selectFrom('slots')
      .select(['id', 'booked'])
      .where('place_id', '=', centre.id)
      .orderBy('id')
      .execute();
    assert.deepEqual(
      seats.map((s) => s.booked),
      [0, 2],
    );
  });

  it('still needs a beneficiary token to cancel', async () => {
    const res = await post(
      t.app,
      '/api/v1/appointment/cancel',
      { appointment_confirmation_no: booked, beneficiaries: [asha.referenceId, ravi.referenceId] },
      mine,
    );
    assert.equal(res.status, 401);
  });
});
