// Fixtures for appointment tests: a guest account, beneficiaries on given mobiles (written
// directly, as registration would), and a vaccination centre with sessions of chosen capacity.
import { randomBytes } from 'node:crypto';
import { createPlace, createSlots, offerAt } from '../../src/core/scheduling/catalogue.js';
import { createPerson } from '../../src/core/scheduling/people.js';
import { referenceNumber } from '../../src/core/shared/ids.js';
import { iso } from '../../src/store/dialect.js';
import type { Store } from '../../src/store/index.js';
import { beneficiaryRow } from '../../src/core/cowin/beneficiaries/rows.js';

export async function createGuest(store: Store): Promise<number> {
  const row = await store.db
    .insertInto('guests')
    .values({
      user_name: randomBytes(32).toString('hex'),
      user_name_hint: 'test',
      name: 'Test partner app',
      disabled: 0,
      created_at: iso(),
      disabled_at: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export interface TestBeneficiary {
  referenceId: number;
  personId: number;
  mobile: string;
}

export async function createBeneficiary(
  store: Store,
  guestId: number,
  mobile: string,
  birthYear: number,
  slot = 1,
  name = 'Asha Pawar',
): Promise<TestBeneficiary> {
  const person = await createPerson(store.db, { name, birth_year: birthYear, gender: 'Female', mobile });
  const referenceId = referenceNumber();
  const at = iso();
  await store.db
    .insertInto('beneficiaries')
    .values(
      beneficiaryRow(
        {
          reference_id: referenceId,
          person_id: person.id,
          guest_id: guestId,
          mobile,
          mobile_slot: slot,
          name,
          birth_year: birthYear,
          gender: 'Female',
          photo_id_type: 6,
          photo_id_number: `ABCDE${String(person.id).padStart(4, '0').slice(-4)}F${randomBytes(3).toString('hex')}`,
        },
        at,
      ),
    )
    .execute();
  return { referenceId, personId: person.id, mobile };
}

export interface TestCentre {
  id: number;
  slots: { id: number; date: string; start_at: string }[];
}

/**
 * A centre offering vaccine `vt-N` with one session per capacity, a day apart: the first 24 hours
 * from now, or at `startAt` (for a test that sets the app's clock).
 */
/** A fixture's DD-MM-YYYY date (TestCentre's `slots[].date`) as YYYY-MM-DD. */
export const isoDate = (d: string) => `${d.slice(6)}-${d.slice(3, 5)}-${d.slice(0, 2)}`;

export async function createCentre(
  store: Store,
  capacities: number[],
  vaccine = 1,
  opts: { startAt?: Date } = {},
): Promise<TestCentre> {
  const offering = await store.db
    .selectFrom('offerings')
    .select('id')
    .where('code', '=', `vt-${vaccine}`)
    .executeTakeFirstOrThrow();
  const place = await createPlace(store.db, {
    kind: 'vaccination_centre',
    name: `Test PHC ${randomBytes(3).toString('hex')}`,
    external_ref: null,
    incharge_name: 'Sunil Kumar',
    mobile: '9876543210',
    address: 'Test Road',
    state_id: 21,
    district_id: 363,
    block_id: null,
    pincode: 411001,
    locality: 'Pune',
    area: 'Urban',
    centre_type: 'Permanent',
    lat: 18.5,
    lng: 73.8,
    service_radius_km: null,
    owner_id: null,
    active: 1,
    timezone: 'Asia/Kolkata',
  });
  await offerAt(store.db, place.id, [offering.id]);
  const base = opts.startAt?.getTime() ?? Date.now() + 24 * 3_600_000;
  await createSlots(
    store.db,
    capacities.map((capacity, i) => ({
      place_id: place.id,
      offering_id: offering.id,
      practitioner_id: null,
      label: 'Morning',
      capacity,
      start_at: new Date(base + i * 86_400_000).toISOString(),
      end_at: new Date(base + i * 86_400_000 + 2 * 3_600_000).toISOString(),
    })),
  );
  const slots = await store.db
    .selectFrom('slots')
    .select(['id', 'start_at'])
    .where('place_id', '=', place.id)
    .orderBy('start_at')
    .execute();
  return {
    id: place.id,
    slots: slots.map((s) => {
      const local = new Date(Date.parse(s.start_at) + 330 * 60_000).toISOString().slice(0, 10);
      return {
        id: s.id,
        start_at: s.start_at,
        date: `${local.slice(8, 10)}-${local.slice(5, 7)}-${local.slice(0, 4)}`,
      };
    }),
  };
}

/** The first locality with a block, with its pincode, district and state: a registration's location fields. */
export async function registrationLocation(store: Store) {
  return store.db
    .selectFrom('localities')
    .innerJoin('pincodes', 'pincodes.pincode', 'localities.pincode')
    .innerJoin('districts', 'districts.id', 'pincodes.district_id')
    .select([
      'localities.id as locality_id',
      'localities.pincode',
      'localities.block_id',
      'pincodes.district_id',
      'districts.state_id',
    ])
    .where('localities.block_id', 'is not', null)
    .orderBy('localities.id')
    .limit(1)
    .executeTakeFirstOrThrow();
}
