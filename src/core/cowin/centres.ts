// Vaccination centres (places of kind 'vaccination_centre') with what a listing shows about
// them: their vaccines, daily session times, daily capacity and the last day with sessions.
import { iso } from '../../store/dialect.js';
import type { Conn } from '../../store/index.js';
import { wallClock } from '../shared/time.js';

export interface CentreFilter {
  pincode?: number;
  blockId?: number;
  districtId?: number;
  ids?: number[];
}

export interface Centre {
  id: number;
  name: string;
  incharge_name: string | null;
  mobile: string | null;
  address: string | null;
  pincode: number | null;
  locality: string | null;
  area: string | null;
  centre_type: string | null;
  lat: number | null;
  lng: number | null;
  timezone: string;
  owner_id: number | null;
  daily_capacity: number | null;
  state_name: string | null;
  district_name: string | null;
  block_name: string | null;
}

export interface CentreSummary {
  vaccines: string[];
  /** Distinct local session times, e.g. [{from: '09:00', to: '11:00'}]. */
  sessions: { from: string; to: string }[];
  /** Seats per day: the sheet's `Vaccancy`, else the most seats of any upcoming day. */
  dailyCapacity: number | null;
  /** Local date (YYYY-MM-DD) of the last session. */
  lastDate: string | null;
  /** Start (ISO instant) of the first upcoming session: the summary holds until then. */
  nextStart: string | null;
}

/** At most this many centres per listing (a district rarely has more). */
export const MAX_CENTRES = 1000;

export async function findCentres(db: Conn, f: CentreFilter): Promise<Centre[]> {
  let q = db
    .selectFrom('places')
    .leftJoin('states', 'states.id', 'places.state_id')
    .leftJoin('districts', 'districts.id', 'places.district_id')
    .leftJoin('blocks', 'blocks.id', 'places.block_id')
    .select([
      'places.id',
      'places.name',
      'places.incharge_name',
      'places.mobile',
      'places.address',
      'places.pincode',
      'places.locality',
      'places.area',
      'places.centre_type',
      'places.lat',
      'places.lng',
      'places.timezone',
      'places.owner_id',
      'places.daily_capacity',
      'states.name as state_name',
      'districts.name as district_name',
      'blocks.name as block_name',
    ])
    .where('places.kind', '=', 'vaccination_centre')
    .where('places.active', '=', 1);
  if (f.pincode !== undefined) q = q.where('places.pincode', '=', f.pincode);
  if (f.blockId !== undefined) q = q.where('places.block_id', '=', f.blockId);
  if (f.districtId !== undefined) q = q.where('places.district_id', '=', f.districtId);
  if (f.ids !== undefined) {
    if (f.ids.length === 0) return [];
    q = q.where('places.id', 'in', f.ids);
  }
  const rows = await q.orderBy('places.name').orderBy('places.id').limit(MAX_CENTRES).execute();
  return rows.map((r) => ({ ...r, daily_capacity: r.daily_capacity ?? null }));
}

export async function summariseCentres(
  db: Conn,
  centres: Centre[],
  now: Date = new Date(),
): Promise<Map<number, CentreSummary>> {
  const out = new Map<number, CentreSummary>();
  if (centres.length === 0) return out;
  const ids = centres.map((c) => c.id);
  const vaccines = await db
    .selectFrom('place_offerings')
    .innerJoin('offerings', 'offerings.id', 'place_offerings.offering_id')
    .select(['place_offerings.place_id', 'offerings.name'])
    .where('place_offerings.place_id', 'in', ids)
    .where('offerings.kind', '=', 'vaccine')
    .orderBy('offerings.name')
    .execute();
  const slots = await db
    .selectFrom('slots')
    .select(['place_id', 'start_at', 'end_at', 'capacity'])
    .where('place_id', 'in', ids)
    .where('start_at', '>=', iso(now))
    .orderBy('start_at')
    .execute();
  for (const c of centres)
    out.set(c.id, { vaccines: [], sessions: [], dailyCapacity: c.daily_capacity, lastDate: null, nextStart: null });
  for (const v of vaccines) {
    const s = out.get(v.place_id)!;
    if (!s.vaccines.includes(v.name)) s.vaccines.push(v.name);
  }
  const zone = new Map(centres.map((c) => [c.id, c.timezone]));
  const perDay = new Map<number, Map<string, number>>();
  for (const slot of slots) {
    const s = out.get(slot.place_id)!;
    const from = wallClock(slot.start_at, zone.get(slot.place_id)!);
    const to = wallClock(slot.end_at, zone.get(slot.place_id)!);
    if (!s.sessions.some((x) => x.from === from.time && x.to === to.time))
      s.sessions.push({ from: from.time, to: to.time });
    s.lastDate = from.date;
    s.nextStart ??= slot.start_at;
    const days = perDay.get(slot.place_id) ?? new Map<string, number>();
    days.set(from.date, (days.get(from.date) ?? 0) + slot.capacity);
    perDay.set(slot.place_id, days);
  }
  for (const [id, days] of perDay) {
    const s = out.get(id)!;
    s.dailyCapacity ??= Math.max(...days.values());
    s.sessions.sort((a, b) => a.from.localeCompare(b.from));
  }
  return out;
}
