// How many SQL statements each booking-path write runs (BEGIN, COMMIT and savepoints
// included), as an upper bound: a change that adds a statement to one of them fails here. None
// of them may bind its LIMIT (SQLite would prepare it again on every execution).
// Each write is measured once its caches are warm (a second call of the same kind), as a
// server runs it. The clocks are fixed from the fixtures' own slots, never the wall clock.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { scheduleAppointment } from '../../src/core/cowin/appointments.js';
import { registerBeneficiary, type BeneficiaryInput } from '../../src/core/cowin/beneficiaries/index.js';
import { bookKidsVisit } from '../../src/core/kids/booking.js';
import { cachedSlot } from '../../src/core/kids/catalogue.js';
import { createPartner } from '../../src/core/partners/partners.js';
import { sandboxProvider } from '../../src/core/partners/payment-providers.js';
import { bookConsultation } from '../../src/core/video/consultations.js';
import { setCacheClock } from '../../src/core/shared/ttl-cache.js';
import type { Partner } from '../../src/store/schema.js';
import { createBeneficiary, createCentre, createGuest, registrationLocation } from '../cowin/appointment-fixtures.js';
import { isPostgresRun, testDb, type TestDb } from '../helpers/db.js';
import { StatementCounter } from '../helpers/statements.js';
import { doctorWithHours, slotsOf } from '../video-consultation/helpers.js';

const HOUR = 3_600_000;
const on = isPostgresRun() ? 'postgres' : 'sqlite';

/**
 * Statements per write, at most, BEGIN and COMMIT included (on SQLite a transaction alone in
 * its group-commit batch, as here, runs no savepoint; PostgreSQL books a CoWIN appointment in
 * one statement outside a transaction; it registers a beneficiary, and writes a partner's
 * booking with its payment (and room), in one statement outside a transaction, after the read
 * of its location, slot or doctor). Before
 * they were cut (SQLite / PostgreSQL): scheduleAppointment 10 / 9, beneficiary/add 12 / 10,
 * kids /book 11 / 10, video /book 21 / 20.
 */
const BUDGET = {
  sqlite: { schedule: 7, register: 6, kids: 6, video: 9 },
  postgres: { schedule: 1, register: 2, kids: 2, video: 2 },
}[on];

describe(`statements per write (${on})`, () => {
  const counter = new StatementCounter();
  let t: TestDb;
  before(async () => {
    t = await testDb({ onStatement: counter.hook });
    // Cached catalogue reads (kids services and providers) never run out between two calls.
    setCacheClock(() => 0);
  });
  after(async () => {
    setCacheClock(undefined);
    await t.drop();
  });

  function report(name: string, statements: string[], budget: number) {
    assert.ok(
      statements.length <= budget,
      `${name} ran ${statements.length} statements, more than its ${budget}:\n${statements.join('\n')}`,
    );
    // A bound LIMIT makes SQLite re-prepare the statement on every execution (store/dialect.ts, fixedLimit).
    const bound = statements.filter((q) => /\blimit\s+(\?|\$\d+)/i.test(q));
    assert.deepEqual(bound, [], `${name} binds a LIMIT; write it into the statement with fixedLimit()`);
  }

  it('CoWIN scheduleAppointment', async () => {
    const guestId = await createGuest(t.store);
    const centre = await createCentre(t.store, [10, 10]);
    const [first, second] = centre.slots;
    const now = new Date(Date.parse(first.start_at) - 20 * HOUR);
    const schedule = async (mobile: string, slot: typeof first) => {
      const b = await createBeneficiary(t.store, guestId, mobile, 1990);
      const iso = slot.date.split('-').reverse().join('-');
      return counter.during(() =>
        scheduleAppointment(t.store, {
          guestId,
          referenceIds: [b.referenceId],
          centreId: centre.id,
          date: iso,
          slotId: slot.id,
          now,
        }),
      );
    };
    await schedule('9800000001', first);
    const { value, statements } = await schedule('9800000002', second);
    assert.equal(value.status, 'confirmed');
    report('scheduleAppointment', statements, BUDGET.schedule);
  });

  it('CoWIN beneficiary/add', async () => {
    const guestId = await createGuest(t.store);
    const loc = await registrationLocation(t.store);
    const input = (n: number): BeneficiaryInput => ({
      name: 'Asha Pawar',
      birth_year: 1990,
      gender: 'Female',
      mobile: `97000000${n}`,
      photo_id_type: 6,
      photo_id_number: `ABCDE${n}123F`,
      ...loc,
      address: 'Test Road',
    });
    await counter.during(() => registerBeneficiary(t.store, guestId, input(10)));
    const { value, statements } = await counter.during(() => registerBeneficiary(t.store, guestId, input(11)));
    assert.equal(value.locality_id, loc.locality_id);
    report('registerBeneficiary', statements, BUDGET.register);
  });

  it('kids /book', async () => {
    const { partner } = await createPartner(t.store, t.config.secret, { name: 'Counted', prdIds: ['KV-SANDBOX'] });
    // Two free slots of one clinic (its provider entry is then cached, as on a server).
    const clinic = await t.store.db
      .selectFrom('places')
      .innerJoin('place_offerings as po', 'po.place_id', 'places.id')
      .innerJoin('offerings as o', 'o.id', 'po.offering_id')
      .select('places.id')
      .where('o.code', '=', 'kv-hexa')
      .where('places.kind', '=', 'clinic')
      .orderBy('places.id')
      .limit(1)
      .executeTakeFirstOrThrow();
    const slots = await t.store.db
      .selectFrom('slots')
      .innerJoin('places', 'places.id', 'slots.place_id')
      .select(['slots.id', 'slots.start_at', 'places.code'])
      .where('places.id', '=', clinic.id)
      .where('slots.booked', '=', 0)
      .orderBy('slots.start_at')
      .orderBy('slots.id')
      .limit(2)
      .execute();
    const now = new Date(Date.parse(slots[0].start_at) - 20 * HOUR);
    const born = new Date(Date.parse(slots[0].start_at) - 200 * 24 * HOUR).toISOString().slice(0, 10);
    const book = (slot: (typeof slots)[number], ref: string) =>
      counter.during(() =>
        bookKidsVisit(
          t.store,
          partner as Partner,
          {
            prdId: 'KV-SANDBOX',
            partnerReference: ref,
            serviceCodes: ['kv-hexa'],
            providerCode: slot.code,
            slotId: String(slot.id),
            child: { name: 'Lina Al-Harbi', birth_date: born, gender: 'female' },
            guardian: { name: 'Noura Al-Harbi', mobile: '+966501234567' },
          },
          { holdMinutes: 15, provider: sandboxProvider(t.config), now },
        ),
      );
    await book(slots[0], 'count-1');
    const { value, statements } = await book(slots[1], 'count-2');
    assert.equal(value.status, 'held');
    report('kids /book', statements, BUDGET.kids);
    // The slot's place and start are kept from then on: a booking of it reads them no more.
    const kept = await counter.during(() => cachedSlot(t.store.db, slots[1].id));
    assert.deepEqual(kept.statements, []);
    assert.equal(kept.value?.start_at, slots[1].start_at);
  });

  it('video /book', async () => {
    const { partner } = await createPartner(t.store, t.config.secret, { name: 'Counted video', prdIds: [] });
    const generatedAt = new Date('2031-03-02T00:00:00Z');
    const doc = await doctorWithHours(t.store.db, { now: generatedAt, days: 7 });
    const slots = await slotsOf(t.store.db, doc.id);
    const now = new Date(Date.parse(slots[0].start_at) - 20 * HOUR);
    const book = (slotId: number, ref: string) =>
      counter.during(() =>
        bookConsultation(t.store, {
          partnerId: partner.code,
          partnerReference: ref,
          doctorId: doc.code,
          slotId,
          patient: { name: 'Sara Ali', mobile: '+966501234567', gender: 'female', birth_date: '1990-01-01' },
          request: { ref, slotId },
          holdMinutes: 15,
          leadMinutes: 60,
          provider: sandboxProvider(t.config),
          now,
        }),
      );
    await book(slots[0].id, 'count-1');
    const { value, statements } = await book(slots[1].id, 'count-2');
    assert.equal(value.consultation.status, 'held');
    report('video /book', statements, BUDGET.video);
  });
});
