// Appointment API: schedule, get, reschedule, cancel, with every rule and the object-level
// authorization between mobiles.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { settableClock, testApp, type TestApp } from '../helpers/app.js';
import { assertSeatInvariant } from '../helpers/fixtures.js';
import {
  createBeneficiary,
  createCentre,
  createGuest,
  type TestBeneficiary,
  type TestCentre,
} from './appointment-fixtures.js';
import { beneficiaryToken, get, guestToken, post } from './api-helpers.js';

describe('CoWIN appointments', () => {
  let t: TestApp;
  let guestId: number;
  let asha: TestBeneficiary;
  let ravi: TestBeneficiary;
  let child: TestBeneficiary;
  let other: TestBeneficiary;
  let third: TestBeneficiary;
  let m1: string;
  let m2: string;
  let m3: string;
  let centre: TestCentre; // COVISHIELD (18+): capacities 5, 1, 100, 2
  let teen: TestCentre; // CORBEVAX (12–14)

  const clock = settableClock();
  before(async () => {
    t = await testApp({ now: clock.now });
    guestId = await createGuest(t.store);
    asha = await createBeneficiary(t.store, guestId, '9000000001', 1980, 1, 'Asha Pawar');
    ravi = await createBeneficiary(t.store, guestId, '9000000001', 1990, 2, 'Ravi Pawar');
    child = await createBeneficiary(t.store, guestId, '9000000001', new Date().getUTCFullYear() - 8, 3, 'Mini Pawar');
    other = await createBeneficiary(t.store, guestId, '9000000002', 1975, 1, 'Other Person');
    third = await createBeneficiary(t.store, guestId, '9000000003', 1985, 1, 'Third Person');
    m1 = await beneficiaryToken(t.config, '9000000001', guestId);
    m2 = await beneficiaryToken(t.config, '9000000002', guestId);
    m3 = await beneficiaryToken(t.config, '9000000003', guestId);
    centre = await createCentre(t.store, [5, 1, 100, 2], 1);
    teen = await createCentre(t.store, [10], 4);
  });
  after(async () => {
    await assertSeatInvariant(t.store);
    await t.close();
  });

  const booked = async (slotId: number) =>
    (await t.store.db.selectFrom('slots').select('booked').where('id', '=', slotId).executeTakeFirstOrThrow()).booked;
  const schedule = (token: string, slot: { id: number; date: string }, beneficiaries: number[], centreId = centre.id) =>
    post(
      t.app,
      '/api/v1/appointment/scheduleAppointment',
      { center_id: centreId, date: slot.date, slot_id: slot.id, beneficiaries },
      token,
    );

  let family: number;

  it('schedules one appointment for two beneficiaries of one mobile and shows it', async () => {
    const res = await schedule(m1, centre.slots[0], [asha.referenceId, ravi.referenceId]);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    family = res.body.appointment_confirmation_no;
    assert.equal(typeof family, 'number');
    assert.match(String(family), /^[1-9]\d{13}$/);
    assert.equal(await booked(centre.slots[0].id), 2);

    const list = await get(t.app, '/api/v1/appointment', m1);
    assert.equal(list.status, 200);
    assert.equal(list.body.appointments.length, 1);
    const a = list.body.appointments[0];
    assert.deepEqual(
      a.beneficiaries.map((b: { beneficiary_reference_id: number }) => b.beneficiary_reference_id),
      [asha.referenceId, ravi.referenceId],
    );
    assert.equal(a.beneficiaries[0].mobile_number, '*****0001');
    assert.equal(a.center.center_id, centre.id);
    assert.equal(a.center.pincode, 411001);
    assert.equal(a.center.vaccine_type, 'COVISHIELD');
    assert.match(a.center.mobile, /^\*{5}\d{4}$/, 'the mobile of the centre in-charge is masked');
    assert.deepEqual(a.appointment, {
      appointment_confirmation_no: family,
      date: centre.slots[0].date,
      slot_id: centre.slots[0].id,
      slot_name: 'Morning',
      timings: a.appointment.timings,
      status: 'ACTIVE',
    });
    assert.match(a.appointment.timings, /^\d{1,2}(:\d\d)?(AM|PM)-\d{1,2}(:\d\d)?(AM|PM)$/);
    // The centre's time slots count the two seats.
    const slots = await get(
      t.app,
      `/api/v1/appointment/timeslots/findByCenter?center_id=${centre.id}&from=${centre.slots[0].date}&to=${centre.slots[0].date}`,
      await guestToken(t.config),
    );
    assert.equal(slots.body.timeslots[0].available_capacity, '3');
  });

  it('accepts the ids as strings, as the centre and time-slot searches return them', async () => {
    const res = await post(
      t.app,
      '/api/v1/appointment/scheduleAppointment',
      {
        center_id: String(centre.id),
        date: centre.slots[2].date,
        slot_id: String(centre.slots[2].id),
        beneficiaries: [String(third.referenceId)],
      },
      m3,
    );
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const cancelled = await post(
      t.app,
      '/api/v1/appointment/cancel',
      { appointment_confirmation_no: String(res.body.appointment_confirmation_no), beneficiaries: [third.referenceId] },
      m3,
    );
    assert.equal(cancelled.status, 200);
  });

  it('refuses a second active appointment for a beneficiary', async () => {
    const res = await schedule(m1, centre.slots[2], [asha.referenceId]);
    assert.equal(res.status, 409);
    assert.equal(res.body.errorCode, 'APPOIN0020');
    assert.match(res.body.error, new RegExp(`beneficiary ${asha.referenceId} already has an active appointment`));
    assert.equal(await booked(centre.slots[2].id), 0);
  });

  it('refuses a full slot with 409 APPOIN0040 and books nothing', async () => {
    assert.equal((await schedule(m2, centre.slots[1], [other.referenceId])).status, 200);
    const full = await schedule(m3, centre.slots[1], [third.referenceId]);
    assert.equal(full.status, 409);
    assert.equal(full.body.errorCode, 'APPOIN0040');
    assert.equal(await booked(centre.slots[1].id), 1);
    assert.equal(
      (await get(t.app, '/api/v1/appointment', m3)).body.appointments.filter(
        (a: { appointment: { status: string } }) => a.appointment.status === 'ACTIVE',
      ).length,
      0,
    );
  });

  it("refuses beneficiaries outside the vaccine's age range", async () => {
    const young = await schedule(m1, centre.slots[2], [child.referenceId]);
    assert.equal(young.status, 400);
    assert.equal(young.body.errorCode, 'APPOIN0043');
    assert.match(young.body.error, /COVISHIELD: it is for people 18 years or older/);
    const old = await schedule(m3, teen.slots[0], [third.referenceId], teen.id);
    assert.equal(old.status, 400);
    assert.equal(old.body.errorCode, 'APPOIN0043');
    assert.match(old.body.error, /CORBEVAX: it is for people 12 to 14 years old/);
  });

  it('refuses a slot of another centre or date, a past slot, and malformed input, saying what is wrong', async () => {
    const wrongCentre = await schedule(m3, centre.slots[2], [third.referenceId], teen.id);
    assert.deepEqual([wrongCentre.status, wrongCentre.body.errorCode], [400, 'APPOIN0015']);
    const wrongDate = await schedule(m3, { id: centre.slots[2].id, date: centre.slots[0].date }, [third.referenceId]);
    assert.deepEqual([wrongDate.status, wrongDate.body.errorCode], [400, 'APPOIN0015']);
    assert.match(wrongDate.body.error, /is on \d\d-\d\d-\d{4}, not on/);
    // A session that started half an hour ago (by the app's clock: not the hour the test runs).
    const past = await createCentre(t.store, [5], 1, { startAt: new Date('2031-03-03T04:30:00Z') });
    const started = await clock.at(new Date('2031-03-03T05:00:00Z'), () =>
      schedule(m3, past.slots[0], [third.referenceId], past.id),
    );
    assert.deepEqual([started.status, started.body.errorCode], [400, 'APPOIN0027']);
    assert.match(started.body.error, /started/);
    const badDate = await schedule(m3, { id: centre.slots[2].id, date: '2021-03-31' }, [third.referenceId]);
    assert.deepEqual([badDate.status, badDate.body.errorCode], [400, 'APPOIN0001']);
    assert.match(badDate.body.error, /date must be a real date as dd-mm-yyyy/);
    const none = await schedule(m3, centre.slots[2], []);
    assert.deepEqual([none.status, none.body.errorCode], [400, 'APPOIN0001']);
    const twice = await schedule(m3, centre.slots[2], [third.referenceId, third.referenceId]);
    assert.deepEqual([twice.status, twice.body.errorCode], [400, 'APPOIN0001']);
    // A guest token acts only on the beneficiaries its own account registered (test/cowin/appointments-guest.test.ts).
    const stranger = await guestToken(t.config, String(await createGuest(t.store)));
    const guest = await schedule(stranger, centre.slots[2], [third.referenceId]);
    assert.deepEqual([guest.status, guest.body.errorCode], [404, 'APPOIN0019']);
    assert.equal((await get(t.app, '/api/v1/appointment')).status, 401);
  });

  it("never lets a token for one mobile schedule, reschedule, cancel or read another mobile's appointments", async () => {
    const steal = await schedule(m2, centre.slots[2], [asha.referenceId]);
    assert.deepEqual([steal.status, steal.body.errorCode], [404, 'APPOIN0019']);
    const mixed = await schedule(m2, centre.slots[2], [other.referenceId, asha.referenceId]);
    assert.deepEqual([mixed.status, mixed.body.errorCode], [404, 'APPOIN0019']);
    const move = await post(
      t.app,
      '/api/v1/appointment/rescheduleAppointment',
      {
        appointment_confirmation_no: family,
        center_id: centre.id,
        date: centre.slots[2].date,
        slot_id: centre.slots[2].id,
      },
      m2,
    );
    assert.deepEqual([move.status, move.body.errorCode], [404, 'APPOIN0042']);
    const cancel = await post(
      t.app,
      '/api/v1/appointment/cancel',
      { appointment_confirmation_no: family, beneficiaries: [asha.referenceId, ravi.referenceId] },
      m2,
    );
    assert.deepEqual([cancel.status, cancel.body.errorCode], [404, 'APPOIN0042']);
    const unknown = await post(
      t.app,
      '/api/v1/appointment/cancel',
      { appointment_confirmation_no: 12345678901234, beneficiaries: [other.referenceId] },
      m2,
    );
    assert.deepEqual(
      [unknown.status, unknown.body.errorCode, unknown.body.error],
      [404, 'APPOIN0042', move.body.error.replace(String(family), '12345678901234')],
    );
    const theirs = await get(t.app, '/api/v1/appointment', m2);
    assert.ok(
      theirs.body.appointments.every(
        (a: { appointment: { appointment_confirmation_no: number } }) =>
          a.appointment.appointment_confirmation_no !== family,
      ),
    );
    assert.equal(theirs.body.appointments.length, 1);
    // Nothing changed for the owner.
    const mine = await get(t.app, '/api/v1/appointment', m1);
    assert.equal(mine.body.appointments[0].appointment.status, 'ACTIVE');
    assert.equal(mine.body.appointments[0].appointment.slot_id, centre.slots[0].id);
  });

  it('reschedules atomically: a full slot keeps the old appointment, a free one moves the seats', async () => {
    const full = await post(
      t.app,
      '/api/v1/appointment/rescheduleAppointment',
      {
        appointment_confirmation_no: family,
        center_id: centre.id,
        date: centre.slots[3].date,
        slot_id: centre.slots[3].id,
        beneficiaries: [asha.referenceId, ravi.referenceId],
      },
      m1,
    );
    assert.equal(full.status, 200, 'two seats fit in the last slot');
    assert.deepEqual([await booked(centre.slots[0].id), await booked(centre.slots[3].id)], [0, 2]);
    const back = await post(
      t.app,
      '/api/v1/appointment/rescheduleAppointment',
      {
        appointment_confirmation_no: family,
        center_id: centre.id,
        date: centre.slots[1].date,
        slot_id: centre.slots[1].id,
      },
      m1,
    );
    assert.deepEqual([back.status, back.body.errorCode], [409, 'APPOIN0040']);
    assert.deepEqual(
      [await booked(centre.slots[1].id), await booked(centre.slots[3].id)],
      [1, 2],
      'the failed move changed nothing',
    );
    const same = await post(
      t.app,
      '/api/v1/appointment/rescheduleAppointment',
      {
        appointment_confirmation_no: family,
        center_id: centre.id,
        date: centre.slots[3].date,
        slot_id: centre.slots[3].id,
      },
      m1,
    );
    assert.deepEqual([same.status, same.body.errorCode], [400, 'APPOIN0011']);
    const partial = await post(
      t.app,
      '/api/v1/appointment/rescheduleAppointment',
      {
        appointment_confirmation_no: family,
        center_id: centre.id,
        date: centre.slots[2].date,
        slot_id: centre.slots[2].id,
        beneficiaries: [asha.referenceId],
      },
      m1,
    );
    assert.deepEqual([partial.status, partial.body.errorCode], [400, 'APPOIN0033']);
    const ok = await post(
      t.app,
      '/api/v1/appointment/rescheduleAppointment',
      {
        appointment_confirmation_no: family,
        center_id: centre.id,
        date: centre.slots[2].date,
        slot_id: centre.slots[2].id,
      },
      m1,
    );
    assert.equal(ok.status, 200);
    assert.equal(ok.body.appointment_confirmation_no, family, 'the confirmation number stays');
    assert.deepEqual([await booked(centre.slots[3].id), await booked(centre.slots[2].id)], [0, 2]);
    const shown = await get(t.app, '/api/v1/appointment', m1);
    assert.equal(shown.body.appointments[0].appointment.slot_id, centre.slots[2].id);
    assert.equal(shown.body.appointments[0].appointment.date, centre.slots[2].date);
  });

  it("cancels for all the appointment's beneficiaries, releases the seats, and only once", async () => {
    const stranger = await post(
      t.app,
      '/api/v1/appointment/cancel',
      { appointment_confirmation_no: family, beneficiaries: [asha.referenceId, child.referenceId] },
      m1,
    );
    assert.deepEqual([stranger.status, stranger.body.errorCode], [400, 'APPOIN0033']);
    assert.match(stranger.body.error, new RegExp(`reference id ${child.referenceId} is not in this appointment`));
    const partial = await post(
      t.app,
      '/api/v1/appointment/cancel',
      { appointment_confirmation_no: family, beneficiaries: [ravi.referenceId] },
      m1,
    );
    assert.deepEqual([partial.status, partial.body.errorCode], [400, 'APPOIN0033']);
    const res = await post(
      t.app,
      '/api/v1/appointment/cancel',
      { appointment_confirmation_no: family, beneficiaries: [ravi.referenceId, asha.referenceId] },
      m1,
    );
    assert.equal(res.status, 200);
    assert.deepEqual(res.body, { appointment_confirmation_no: family, status: 'CANCELLED' });
    assert.equal(await booked(centre.slots[2].id), 0);
    const again = await post(
      t.app,
      '/api/v1/appointment/cancel',
      { appointment_confirmation_no: family, beneficiaries: [ravi.referenceId, asha.referenceId] },
      m1,
    );
    assert.deepEqual([again.status, again.body.errorCode], [409, 'APPOIN0030']);
    const move = await post(
      t.app,
      '/api/v1/appointment/rescheduleAppointment',
      {
        appointment_confirmation_no: family,
        center_id: centre.id,
        date: centre.slots[3].date,
        slot_id: centre.slots[3].id,
      },
      m1,
    );
    assert.deepEqual([move.status, move.body.errorCode], [409, 'APPOIN0030']);
    const list = await get(t.app, '/api/v1/appointment', m1);
    assert.equal(list.body.appointments[0].appointment.status, 'CANCELLED');
    // With the appointment cancelled, Asha may book again.
    assert.equal((await schedule(m1, centre.slots[3], [asha.referenceId])).status, 200);
  });
});
