// On PostgreSQL an appointment is written in the same statement that reads its session and the
// beneficiaries' active appointments, before the checks that read what it found
// (src/core/cowin/appointment-slot.ts `chosenSlotActiveAndBooked`): each refusal must undo it
// with the transaction. Here every such refusal, on a session with free seats, leaves the seats
// and the bookings as they were; and a booking that is kept is exactly the row in the database.
// Run on SQLite too, where nothing is written before the checks. The clock is the test's own
// (from the fixtures' slots), never the wall clock.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { scheduleAppointment } from '../../src/core/cowin/appointments.js';
import { isPostgresRun, testDb, type TestDb } from '../helpers/db.js';
import { createBeneficiary, createCentre, createGuest, type TestCentre } from './appointment-fixtures.js';

const HOUR = 3_600_000;
const on = isPostgresRun() ? 'PostgreSQL' : 'SQLite';

describe(`an appointment refused after its session is read writes nothing (${on})`, () => {
  let t: TestDb;
  let guestId: number;
  let centre: TestCentre;
  let now: Date;
  before(async () => {
    t = await testDb();
    guestId = await createGuest(t.store);
    centre = await createCentre(t.store, [5, 5, 5]);
    now = new Date(Date.parse(centre.slots[0].start_at) - 20 * HOUR);
  });
  after(async () => {
    await t.drop();
  });

  /** The fixtures' dates are CoWIN's dd-mm-yyyy; the core takes yyyy-mm-dd. */
  const isoDate = (d: string) => d.split('-').reverse().join('-');
  const schedule = (
    referenceIds: number[],
    slot: TestCentre['slots'][number],
    opts: { date?: string; at?: Date } = {},
  ) =>
    scheduleAppointment(t.store, {
      guestId,
      referenceIds,
      centreId: centre.id,
      date: isoDate(opts.date ?? slot.date),
      slotId: slot.id,
      now: opts.at ?? now,
    });
  /** Seats taken on each of the centre's slots, and every booking of its slots. */
  const state = async () => ({
    booked: (
      await t.store.db
        .selectFrom('slots')
        .select(['id', 'booked'])
        .where('place_id', '=', centre.id)
        .orderBy('id')
        .execute()
    ).map((s) => [s.id, s.booked]),
    bookings: (
      await t.store.db
        .selectFrom('bookings')
        .innerJoin('slots', 'slots.id', 'bookings.slot_id')
        .select('bookings.code')
        .where('slots.place_id', '=', centre.id)
        .orderBy('bookings.code')
        .execute()
    ).map((b) => b.code),
    links: Number(
      (
        await t.store.db
          .selectFrom('booking_people')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    ),
  });

  it('keeps a booking that is exactly the row written, with its people', async () => {
    const adult = await createBeneficiary(t.store, guestId, '9810000001', 1990);
    const booking = await schedule([adult.referenceId], centre.slots[0]);
    const row = await t.store.db
      .selectFrom('bookings')
      .selectAll()
      .where('id', '=', booking.id)
      .executeTakeFirstOrThrow();
    assert.deepEqual(booking, row);
    assert.equal(booking.status, 'confirmed');
    const people = await t.store.db
      .selectFrom('booking_people')
      .select('person_id')
      .where('booking_id', '=', booking.id)
      .execute();
    assert.deepEqual(
      people.map((p) => p.person_id),
      [adult.personId],
    );
  });

  it('refuses a beneficiary outside the vaccine’s ages, an active appointment, a wrong date and a started session', async () => {
    const child = await createBeneficiary(
      t.store,
      guestId,
      '9810000002',
      Number(centre.slots[1].start_at.slice(0, 4)) - 10,
    );
    const booked = await createBeneficiary(t.store, guestId, '9810000003', 1985);
    const free = await createBeneficiary(t.store, guestId, '9810000004', 1980);
    const freesChild = await createBeneficiary(t.store, guestId, '9810000004', 2020, 2, 'Riya Pawar');
    await schedule([booked.referenceId], centre.slots[0]);
    const before = await state();

    await assert.rejects(schedule([child.referenceId], centre.slots[1]), { rule: 'age_range' });
    await assert.rejects(schedule([booked.referenceId], centre.slots[1]), { rule: 'active_appointment' });
    // With an adult of the same mobile alongside: the whole appointment is refused, for both.
    await assert.rejects(schedule([free.referenceId, freesChild.referenceId], centre.slots[1]), { rule: 'age_range' });
    await assert.rejects(schedule([free.referenceId], centre.slots[1], { date: centre.slots[2].date }), {
      rule: 'invalid_slot',
    });
    const started = new Date(Date.parse(centre.slots[1].start_at) + 60_000);
    await assert.rejects(schedule([free.referenceId], centre.slots[1], { at: started }), { rule: 'slot_in_past' });

    assert.deepEqual(await state(), before);
    // And the seats those refusals did not keep are still there to book.
    const ok = await schedule([free.referenceId], centre.slots[1]);
    assert.equal(ok.slot_id, centre.slots[1].id);
    const afterwards = await state();
    assert.deepEqual(
      afterwards.booked,
      before.booked.map(([id, n]) => [id, id === centre.slots[1].id ? n + 1 : n]),
    );
  });
});
