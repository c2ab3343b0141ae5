// Registering, updating and deleting beneficiaries. Each is one transaction; the database's
// unique indexes (live photo ID, live (mobile, slot), reference id) are the final word, so
// the rules hold with any number of server processes. A race lost on an index is retried,
// and the retry then reports the rule in plain words.
import { sql } from 'kysely';
import { chainsWrites, changed, forUpdate, iso, isUniqueViolation } from '../../../store/dialect.js';
import type { Store, Tx } from '../../../store/index.js';
import { dialectOf, prepared, preparedInsert } from '../../../store/prepared.js';
import type { Beneficiary } from '../../../store/schema.js';
import { referenceNumber } from '../../shared/ids.js';
import { createPerson } from '../../scheduling/people.js';
import { DomainError } from '../../shared/errors.js';
import type { BeneficiaryInput, LocationIds } from './input.js';
import { resolveLocation } from './location.js';
import { registerInOne, type Sharing } from './one-statement.js';
import type { Viewer } from './read.js';

/** At most this many live beneficiaries share one mobile number. */
export const MAX_PER_MOBILE = 4;

async function retryOnRace<T>(attempt: () => Promise<T>): Promise<T> {
  for (let n = 1; ; n++) {
    try {
      return await attempt();
    } catch (err) {
      if (n >= 5 || !isUniqueViolation(err)) throw err;
    }
  }
}

const retryTx = <T>(store: Store, fn: (trx: Tx) => Promise<T>) => retryOnRace(() => store.tx(fn));

async function assertPhotoIdFree(trx: Tx, input: BeneficiaryInput, exceptId?: number): Promise<void> {
  let q = trx
    .selectFrom('beneficiaries')
    .select('id')
    .where('photo_id_type', '=', input.photo_id_type)
    .where('photo_id_number', '=', input.photo_id_number)
    .where('deleted_at', 'is', null);
  if (exceptId !== undefined) q = q.where('id', '!=', exceptId);
  if (await q.executeTakeFirst()) {
    throw new DomainError(
      'photo_id_duplicate',
      'A beneficiary is already registered with this photo ID type and number',
    );
  }
}

async function freeMobileSlot(trx: Tx, mobile: string): Promise<number> {
  const taken = new Set(
    (
      await trx
        .selectFrom('beneficiaries')
        .select('mobile_slot')
        .where('mobile', '=', mobile)
        .where('deleted_at', 'is', null)
        .execute()
    ).map((r) => r.mobile_slot),
  );
  for (let slot = 1; slot <= MAX_PER_MOBILE; slot++) if (!taken.has(slot)) return slot;
  throw new DomainError(
    'mobile_full',
    `This mobile number already has ${MAX_PER_MOBILE} beneficiaries, the most one mobile can have; delete one first`,
  );
}

/**
 * The live beneficiaries that share the mobile or the photo ID of a new registration, in one
 * statement: a UNION ALL, so that each half searches its own partial unique index (an OR
 * makes SQLite scan a whole index).
 */
const sharingMobileOrPhotoId = prepared((db, p: { mobile: string; photoIdType: number; photoIdNumber: string }) => {
  const live = db
    .selectFrom('beneficiaries')
    .select(['mobile', 'mobile_slot', 'photo_id_type', 'photo_id_number'])
    .where('deleted_at', 'is', null);
  return live
    .where('mobile', '=', p.mobile)
    .unionAll(live.where('photo_id_type', '=', p.photoIdType).where('photo_id_number', '=', p.photoIdNumber));
});

/**
 * The slot of the new beneficiary's mobile, given the live beneficiaries that share its mobile
 * or photo ID: refused when its photo ID is taken, or when the mobile has no free slot.
 */
function slotForNew(input: BeneficiaryInput, rows: readonly Sharing[]): number {
  if (rows.some((r) => r.photo_id_type === input.photo_id_type && r.photo_id_number === input.photo_id_number))
    throw new DomainError(
      'photo_id_duplicate',
      'A beneficiary is already registered with this photo ID type and number',
    );
  const taken = new Set(rows.filter((r) => r.mobile === input.mobile).map((r) => r.mobile_slot));
  for (let slot = 1; slot <= MAX_PER_MOBILE; slot++) if (!taken.has(slot)) return slot;
  throw new DomainError(
    'mobile_full',
    `This mobile number already has ${MAX_PER_MOBILE} beneficiaries, the most one mobile can have; delete one first`,
  );
}

/** {@link assertPhotoIdFree}, then {@link freeMobileSlot}, for a new beneficiary. */
async function checkNew(trx: Tx, input: BeneficiaryInput): Promise<number> {
  const { rows } = await sharingMobileOrPhotoId(trx, {
    mobile: input.mobile,
    photoIdType: input.photo_id_type,
    photoIdNumber: input.photo_id_number,
  });
  return slotForNew(input, rows);
}

type NewBeneficiary = Omit<Beneficiary, 'id'>;
/** Every column is a parameter: give all of them, always in this shape. */
const insertBeneficiary = preparedInsert('beneficiaries');
/** Its `people` row and the beneficiary in one statement, where the database chains writes. */
const insertPersonAndBeneficiary = prepared((db, p: Omit<NewBeneficiary, 'person_id'>) =>
  db
    .with('person', (w) =>
      w
        .insertInto('people')
        .values({
          name: p.name,
          birth_date: null,
          birth_year: p.birth_year,
          gender: p.gender,
          mobile: p.mobile,
          created_at: p.created_at,
        })
        .returning('id'),
    )
    .insertInto('beneficiaries')
    .values({ ...p, person_id: sql<number>`(select id from person)` })
    .returningAll(),
);

/** A new beneficiary and the core `people` row it is: one statement on PostgreSQL, two on SQLite. */
async function insertNew(trx: Tx, b: Omit<NewBeneficiary, 'person_id'>): Promise<Beneficiary> {
  if (chainsWrites(dialectOf(trx))) return (await insertPersonAndBeneficiary(trx, b)).rows[0];
  const person = await createPerson(trx, {
    name: b.name,
    birth_year: b.birth_year,
    gender: b.gender,
    mobile: b.mobile,
  });
  // In the table's column order (the row given back is this one, with its id).
  const { reference_id, ...rest } = b;
  return insertBeneficiary(trx, { reference_id, person_id: person.id, ...rest });
}

/** Register a beneficiary through a guest account. */
export async function registerBeneficiary(
  store: Store,
  guestId: number,
  input: BeneficiaryInput,
): Promise<Beneficiary> {
  const rowOf = (location: LocationIds) => {
    const at = iso();
    return {
      reference_id: referenceNumber(),
      guest_id: guestId,
      mobile: input.mobile,
      name: input.name,
      birth_year: input.birth_year,
      gender: input.gender,
      photo_id_type: input.photo_id_type,
      photo_id_number: input.photo_id_number,
      state_id: location.state_id,
      district_id: location.district_id,
      block_id: location.block_id,
      locality_id: location.locality_id,
      pincode: location.pincode,
      address: input.address,
      deleted_at: null,
      created_at: at,
      updated_at: at,
      booking_version: 0,
    };
  };
  // PostgreSQL: one statement, no transaction (./one-statement.ts). The location is reference
  // data, read before it as the transaction below reads it first.
  if (chainsWrites(store.dialect)) {
    const location = await resolveLocation(store.db, input);
    return retryOnRace(async () => {
      const r = await registerInOne(store.db, rowOf(location), MAX_PER_MOBILE);
      if (r.inserted) return r.inserted;
      slotForNew(input, r.sharing); // refuses, as it found what refuses
      throw new Error('a beneficiary was neither written nor refused');
    });
  }
  return retryTx(store, async (trx) => {
    const location = await resolveLocation(trx, input);
    const mobile_slot = await checkNew(trx, input);
    const { reference_id, guest_id, mobile, ...rest } = rowOf(location);
    // In the table's column order (the row given back is this one, with its id).
    return insertNew(trx, { reference_id, guest_id, mobile, mobile_slot, ...rest });
  });
}

async function lockVisible(
  trx: Tx,
  dialect: Store['dialect'],
  referenceId: number,
  viewer: Viewer,
): Promise<Beneficiary> {
  let q = trx
    .selectFrom('beneficiaries')
    .selectAll()
    .where('reference_id', '=', referenceId)
    .where('deleted_at', 'is', null);
  q = 'guestId' in viewer ? q.where('guest_id', '=', viewer.guestId) : q.where('mobile', '=', viewer.mobile);
  const row = await forUpdate(q, dialect).executeTakeFirst();
  if (!row)
    throw new DomainError(
      'beneficiary_not_found',
      `No beneficiary with reference id ${referenceId} is visible to this token`,
    );
  return row;
}

/** Replace a beneficiary's details (the seed's update sends them all). */
export async function updateBeneficiary(
  store: Store,
  referenceId: number,
  viewer: Viewer,
  input: BeneficiaryInput,
): Promise<Beneficiary> {
  return retryTx(store, async (trx) => {
    const current = await lockVisible(trx, store.dialect, referenceId, viewer);
    const location = await resolveLocation(trx, input);
    await assertPhotoIdFree(trx, input, current.id);
    const slot = input.mobile === current.mobile ? current.mobile_slot : await freeMobileSlot(trx, input.mobile);
    await trx
      .updateTable('people')
      .set({ name: input.name, birth_year: input.birth_year, gender: input.gender, mobile: input.mobile })
      .where('id', '=', current.person_id)
      .execute();
    return trx
      .updateTable('beneficiaries')
      .set({
        mobile: input.mobile,
        mobile_slot: slot,
        name: input.name,
        birth_year: input.birth_year,
        gender: input.gender,
        photo_id_type: input.photo_id_type,
        photo_id_number: input.photo_id_number,
        ...location,
        address: input.address,
        updated_at: iso(),
      })
      .where('id', '=', current.id)
      .returningAll()
      .executeTakeFirstOrThrow();
  });
}

/** Delete (soft: the row stays for past bookings, but is never listed, read or booked again). */
export async function deleteBeneficiary(
  store: Store,
  referenceId: number,
  viewer: Viewer,
  now = new Date(),
): Promise<void> {
  await store.tx(async (trx) => {
    const b = await lockVisible(trx, store.dialect, referenceId, viewer);
    const at = iso(now);
    const active = await trx
      .selectFrom('booking_people as bp')
      .innerJoin('bookings as k', 'k.id', 'bp.booking_id')
      .innerJoin('slots as s', 's.id', 'k.slot_id')
      .select('k.id')
      .where('bp.person_id', '=', b.person_id)
      .where('s.end_at', '>', at)
      .where((eb) =>
        eb.or([
          eb('k.status', '=', 'confirmed'),
          eb.and([eb('k.status', '=', 'held'), eb('k.hold_expires_at', '>', at)]),
        ]),
      )
      .executeTakeFirst();
    if (active) {
      throw new DomainError(
        'beneficiary_has_appointment',
        'This beneficiary has an active appointment; cancel it before deleting the beneficiary',
      );
    }
    const r = await trx
      .updateTable('beneficiaries')
      .set({ deleted_at: at, updated_at: at })
      .where('id', '=', b.id)
      .where('deleted_at', 'is', null)
      .executeTakeFirst();
    if (changed(r) === 0)
      throw new DomainError(
        'beneficiary_not_found',
        `No beneficiary with reference id ${referenceId} is visible to this token`,
      );
  });
}
