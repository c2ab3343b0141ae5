// Places, offerings and practitioners: what can be booked, where, and with whom.
import { batchSize, iso } from '../../store/dialect.js';
import type { Conn } from '../../store/index.js';
import type {
  NewOffering,
  NewPlace,
  NewPractitioner,
  NewSlot,
  Offering,
  Place,
  Practitioner,
} from '../../store/schema.js';
import { opaqueId } from '../shared/ids.js';
import { catalogueChanged } from './changes.js';

type Defaults<T, K extends keyof T> = Omit<T, K> & Partial<Pick<T, K>>;

export type PlaceInput = Defaults<NewPlace, 'code' | 'created_at' | 'updated_at' | 'timezone'>;
export type OfferingInput = Defaults<NewOffering, 'code' | 'created_at' | 'details'>;
export type PractitionerInput = Defaults<NewPractitioner, 'code' | 'created_at' | 'timezone'>;

export async function createPlace(db: Conn, p: PlaceInput): Promise<Place> {
  const at = iso();
  return db
    .insertInto('places')
    .values({ timezone: 'Asia/Kolkata', ...p, code: p.code ?? opaqueId('pl'), created_at: at, updated_at: at })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function createOffering(db: Conn, o: OfferingInput): Promise<Offering> {
  return db
    .insertInto('offerings')
    .values({ details: '{}', ...o, code: o.code ?? opaqueId('of'), created_at: iso() })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function offerAt(db: Conn, placeId: number, offeringIds: number[]): Promise<void> {
  if (offeringIds.length === 0) return;
  await db
    .insertInto('place_offerings')
    .values(offeringIds.map((offering_id) => ({ place_id: placeId, offering_id })))
    .onConflict((oc) => oc.columns(['place_id', 'offering_id']).doNothing())
    .execute();
}

export async function createPractitioner(db: Conn, p: PractitionerInput): Promise<Practitioner> {
  return db
    .insertInto('practitioners')
    .values({ timezone: 'Asia/Riyadh', ...p, code: p.code ?? opaqueId('dr'), created_at: iso() })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export type SlotInput = Omit<NewSlot, 'created_at' | 'booked'>;

/** Insert many slots in multi-row batches (inside the caller's transaction for speed). */
export async function createSlots(db: Conn, slots: SlotInput[]): Promise<number> {
  const at = iso();
  const size = batchSize(9);
  catalogueChanged(db);
  for (let i = 0; i < slots.length; i += size) {
    await db
      .insertInto('slots')
      .values(slots.slice(i, i + size).map((s) => ({ ...s, created_at: at })))
      .execute();
  }
  return slots.length;
}
