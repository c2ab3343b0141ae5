// PostgreSQL books a CoWIN appointment in one statement that reads the people's live
// appointments from its own snapshot (src/core/cowin/appointment-in-one.ts). What keeps it
// exact is the people's `booking_version`: a booking of them committed while the statement
// waits for their rows changed the version, and the statement then books nothing, leaving the
// transaction to answer. Each case holds another transaction open on the people's rows until
// the statement is seen waiting for them (pg_stat_activity), then commits it: no sleeps, no
// clock. The clocks are fixed from the fixtures' own slots.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { scheduleAppointment, scheduleIn, type ScheduleInput } from '../../src/core/cowin/appointments.js';
import { DomainError } from '../../src/core/shared/errors.js';
import { iso } from '../../src/store/dialect.js';
import type { Tx } from '../../src/store/index.js';
import { isPostgresRun, testDb, type TestDb } from '../helpers/db.js';
import { assertSeatInvariant } from '../helpers/fixtures.js';
import { createBeneficiary, createCentre, createGuest, type TestCentre } from './appointment-fixtures.js';

const HOUR = 3_600_000;

describe('a CoWIN appointment in one statement (PostgreSQL)', { skip: !isPostgresRun() && 'PostgreSQL only' }, () => {
  let t: TestDb;
  let guestId: number;
  let centre: TestCentre;
  let now: Date;
  let mobiles = 0;
  before(async () => {
    t = await testDb();
    guestId = await createGuest(t.store);
    centre = await createCentre(t.store, [5, 5]);
    now = new Date(Date.parse(centre.slots[0].start_at) - 20 * HOUR);
  });
  after(async () => {
    await assertSeatInvariant(t.store);
    await t.drop();
  });

  const person = () => createBeneficiary(t.store, guestId, `96000000${String(++mobiles).padStart(2, '0')}`, 1990);
  const input = (referenceId: number, slot: TestCentre['slots'][number]): ScheduleInput => ({
    guestId,
    referenceIds: [referenceId],
    centreId: centre.id,
    date: slot.date.split('-').reverse().join('-'),
    slotId: slot.id,
    now,
  });
  const booked = async (slotId: number) =>
    (await t.store.db.selectFrom('slots').select('booked').where('id', '=', slotId).executeTakeFirstOrThrow()).booked;

  /** Until a statement of this database waits for a row lock. */
  async function someoneWaits(): Promise<void> {
    for (;;) {
      const { rows } = await sql<{ n: number }>`select count(*)::integer as n from pg_stat_activity
        where datname = current_database() and wait_event_type = 'Lock'`.execute(t.store.db);
      if (rows[0].n > 0) return;
      await new Promise((r) => setImmediate(r));
    }
  }

  /**
   * Run `hold` in a transaction left open until `during` has started and waits for a lock,
   * then commit it (or roll it back); `during`'s outcome, settled.
   */
  async function whileHeld<T>(hold: (trx: Tx) => Promise<unknown>, during: () => Promise<T>, rollBack = false) {
    let release!: () => void;
    const released = new Promise<void>((r) => {
      release = r;
    });
    let held!: () => void;
    const holding = new Promise<void>((r) => {
      held = r;
    });
    const first = t.store
      .tx(async (trx) => {
        await hold(trx);
        held();
        await released;
        if (rollBack) throw new Error('rolled back');
      })
      .then(
        () => 'committed',
        (e: Error) => e.message,
      );
    await holding;
    const second = during().then(
      (value) => ({ value, error: undefined }),
      (error: unknown) => ({ value: undefined, error }),
    );
    await someoneWaits();
    release();
    assert.equal(await first, rollBack ? 'rolled back' : 'committed');
    return second;
  }

  it('sees an appointment the transaction booked while it waited for the people', async () => {
    const p = await person();
    const [a, b] = centre.slots;
    const outcome = await whileHeld(
      (trx) => scheduleIn(trx, input(p.referenceId, a), now),
      () => scheduleAppointment(t.store, input(p.referenceId, b)),
    );
    assert.ok(outcome.error instanceof DomainError, `booked twice: ${JSON.stringify(outcome.value)}`);
    assert.equal(outcome.error.rule, 'active_appointment');
    assert.equal(await booked(b.id), 0, 'no seat taken in the second session');
    const live = await t.store.db
      .selectFrom('booking_people')
      .innerJoin('bookings', 'bookings.id', 'booking_people.booking_id')
      .select('bookings.slot_id')
      .where('booking_people.person_id', '=', p.personId)
      .where('bookings.status', '=', 'confirmed')
      .execute();
    assert.deepEqual(live, [{ slot_id: a.id }]);
  });

  it('books nobody deleted while it waited for them', async () => {
    const p = await person();
    const outcome = await whileHeld(
      (trx) =>
        trx
          .updateTable('beneficiaries')
          .set({ deleted_at: iso(now) })
          .where('reference_id', '=', p.referenceId)
          .execute(),
      () => scheduleAppointment(t.store, input(p.referenceId, centre.slots[1])),
    );
    assert.ok(outcome.error instanceof DomainError, `booked a deleted beneficiary: ${JSON.stringify(outcome.value)}`);
    assert.equal(outcome.error.rule, 'not_linked');
  });

  it('books once the transaction that held the people rolled back', async () => {
    const p = await person();
    const before = await booked(centre.slots[1].id);
    const outcome = await whileHeld(
      (trx) => scheduleIn(trx, input(p.referenceId, centre.slots[0]), now),
      () => scheduleAppointment(t.store, input(p.referenceId, centre.slots[1])),
      true,
    );
    assert.equal(outcome.error, undefined);
    assert.equal(outcome.value?.slot_id, centre.slots[1].id);
    assert.equal(await booked(centre.slots[1].id), before + 1);
  });
});
