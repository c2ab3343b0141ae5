// The rows the hot inserts give back are made from the values given and the new id
// (store/prepared.ts `preparedInsert`), on both databases. Each must equal `select *` of its
// new row, value for value, type for type and key for key, or a caller would see something the
// database does not hold.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { registerBeneficiary } from '../../src/core/cowin/beneficiaries/index.js';
import { insertBookingRows, newBookingRow } from '../../src/core/scheduling/booking-rows.js';
import { createPayment } from '../../src/core/scheduling/payments.js';
import { createPerson } from '../../src/core/scheduling/people.js';
import { createCentre, createGuest, registrationLocation } from '../cowin/appointment-fixtures.js';
import { isPostgresRun, testDb, type TestDb } from '../helpers/db.js';

describe(`rows given back by inserts (${isPostgresRun() ? 'postgres' : 'sqlite'})`, () => {
  let t: TestDb;
  before(async () => {
    t = await testDb();
  });
  after(async () => {
    await t.drop();
  });

  async function stored(table: 'people' | 'payments' | 'bookings' | 'beneficiaries', id: number) {
    return t.store.db.selectFrom(table).selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  }

  function sameAsStored(given: object, row: object, what: string) {
    assert.deepStrictEqual(given, row, what);
    assert.deepEqual(Object.keys(given), Object.keys(row), `${what}: the columns in the table's order`);
  }

  it('a person, with and without the optional columns', async () => {
    const full = await createPerson(t.store.db, {
      name: 'Asha Pawar',
      birth_date: '1990-04-12',
      gender: 'Female',
      mobile: '9800000001',
    });
    sameAsStored(full, await stored('people', full.id), 'person');
    assert.equal(full.birth_year, 1990);
    const bare = await createPerson(t.store.db, { name: 'Ravi' });
    sameAsStored(bare, await stored('people', bare.id), 'person without birth date, gender or mobile');
  });

  it('a booking with its people, and a held one with an amount and a partner reference', async () => {
    const centre = await createCentre(t.store, [10, 10]);
    const person = await createPerson(t.store.db, { name: 'Asha Pawar', birth_year: 1990 });
    const now = new Date(Date.parse(centre.slots[0].start_at) - 86_400_000);
    const confirmed = await t.store.tx((trx) =>
      insertBookingRows(
        trx,
        newBookingRow(
          {
            slotId: centre.slots[0].id,
            status: 'confirmed',
            channel: 'cowin',
            ownerId: '9800000001',
            details: { dose: 1 },
          },
          centre.slots[0].id,
          1,
          now,
        ),
        [person.id],
      ),
    );
    sameAsStored(confirmed, await stored('bookings', confirmed.id), 'confirmed booking');
    const held = await t.store.tx((trx) =>
      insertBookingRows(
        trx,
        newBookingRow(
          {
            slotId: centre.slots[1].id,
            status: 'held',
            channel: 'kids',
            ownerId: '7',
            partnerReference: 'ref-1',
            request: { a: 1 },
            amountMinor: 9000,
            currency: 'SAR',
            holdMinutes: 10,
          },
          centre.slots[1].id,
          2,
          now,
        ),
        undefined,
      ),
    );
    sameAsStored(held, await stored('bookings', held.id), 'held booking');
    const payment = await createPayment(t.store.db, {
      bookingId: held.id,
      provider: 'sandbox',
      amountMinor: 9000,
      currency: 'SAR',
    });
    sameAsStored(payment, await stored('payments', payment.id), 'payment');
  });

  it('a beneficiary', async () => {
    const guestId = await createGuest(t.store);
    const loc = await registrationLocation(t.store);
    const b = await registerBeneficiary(t.store, guestId, {
      name: 'Asha Pawar',
      birth_year: 1990,
      gender: 'Female',
      mobile: '9700000011',
      photo_id_type: 6,
      photo_id_number: 'ABCDE1123F',
      ...loc,
      address: 'Test Road',
    });
    sameAsStored(b, await stored('beneficiaries', b.id), 'beneficiary');
  });
});
