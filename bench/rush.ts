// The 4 pm rush: everyone polls the same district and a few of them book. The scenario reads
// (findByDistrict, findByPin, findByCenter) and books (scheduleAppointment) on a handful of
// popular centres; afterwards the database must show no slot of those centres overbooked.
import { sql } from 'kysely';
import type { Store } from '../src/store/index.js';
import type { Dataset } from './dataset.js';

export interface RushCentre {
  id: number;
  firstSlot: number;
  pincode: number;
  districtId: number;
}

/** How many popular centres the rush is about. */
export const RUSH_CENTRES = 10;

/**
 * The popular centres: adult centres of the district that has the most of them, topped up
 * from the next districts when it has fewer than {@link RUSH_CENTRES}.
 */
export async function popularCentres(store: Store, data: Dataset, count = RUSH_CENTRES): Promise<RushCentre[]> {
  const adult = new Map(data.centres.map((c) => [c.id, c.firstSlot]));
  const rows = await store.db
    .selectFrom('places')
    .select(['id', 'pincode', 'district_id'])
    .where('kind', '=', 'vaccination_centre')
    .where('active', '=', 1)
    .execute();
  const byDistrict = new Map<number, RushCentre[]>();
  for (const r of rows) {
    const firstSlot = adult.get(r.id);
    if (firstSlot === undefined || r.pincode === null || r.district_id === null) continue;
    const list = byDistrict.get(r.district_id) ?? [];
    list.push({ id: r.id, firstSlot, pincode: Number(r.pincode), districtId: r.district_id });
    byDistrict.set(r.district_id, list);
  }
  const districts = [...byDistrict.values()].sort((a, b) => b.length - a.length || a[0].id - b[0].id);
  return districts.flat().slice(0, count);
}

export interface OverbookingCheck {
  slots: number;
  /** Slots whose booked count exceeds their capacity. */
  overCapacity: number;
  /** Slots whose booked count differs from the seats of their live bookings. */
  mismatched: number;
  /** Seats booked on the touched slots (as stored in slots.booked). */
  booked: number;
  examples: { slot: number; capacity: number; booked: number; live_seats: number }[];
  pass: boolean;
}

/** Every slot of `placeIds`: booked ≤ capacity and booked = the seats of its live bookings. */
export async function checkOverbooking(store: Store, placeIds: number[]): Promise<OverbookingCheck> {
  const rows = await store.db
    .selectFrom('slots as s')
    .leftJoin('bookings as b', (j) => j.onRef('b.slot_id', '=', 's.id').on('b.status', 'in', ['held', 'confirmed']))
    .select(['s.id', 's.capacity', 's.booked', sql<number>`coalesce(sum(b.seats), 0)`.as('live_seats')])
    .where('s.place_id', 'in', placeIds)
    .groupBy(['s.id', 's.capacity', 's.booked'])
    .orderBy('s.id')
    .execute();
  const bad = rows
    .map((r) => ({
      slot: r.id,
      capacity: Number(r.capacity),
      booked: Number(r.booked),
      live_seats: Number(r.live_seats),
    }))
    .filter((r) => r.booked > r.capacity || r.booked !== r.live_seats);
  return {
    slots: rows.length,
    overCapacity: bad.filter((r) => r.booked > r.capacity).length,
    mismatched: bad.filter((r) => r.booked !== r.live_seats).length,
    booked: rows.reduce((a, r) => a + Number(r.booked), 0),
    examples: bad.slice(0, 5),
    pass: rows.length > 0 && bad.length === 0,
  };
}
