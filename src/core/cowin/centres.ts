// Vaccination centres (places of kind 'vaccination_centre') with what a listing shows about
// them: their vaccines, daily session times, daily capacity and the last day with sessions.
import { iso, fixedLimit } from '../../store/dialect.js';
import type { Conn } from '../../store/index.js';
import { placesWithGeography } from '../scheduling/place-geography.js';
import { slotsBetween, upcomingSlotsOf } from '../scheduling/place-slots.js';
import { wallClock } from '../shared/time.js';
import { vaccinesOf } from './centre-vaccines.js';

const END_OF_TIME = '9999-12-31T23:59:59.999Z';

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
  district_id: number | null;
  block_id: number | null;
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

/** Vaccination centres matching `f` (every one for `{}`), by name then id, at most `limit`. */
export async function findCentres(db: Conn, f: CentreFilter, limit = MAX_CENTRES): Promise<Centre[]> {
  let q = placesWithGeography(db)
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
      'places.district_id',
      'places.block_id',
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
  q = q.orderBy('places.name').orderBy('places.id');
  const rows = await (Number.isFinite(limit) ? q.limit(fixedLimit(limit)) : q).execute();
  return rows.map((r) => ({ ...r, daily_capacity: r.daily_capacity ?? null }));
}

export async function summariseCentres(
  db: Conn,
  centres: Centre[],
  now: Date = new Date(),
): Promise<Map<number, CentreSummary>> {
  const out = new Map<number, CentreSummary>();
  if (centres.length === 0) return out;
  const vaccines = await vaccinesOf(
    db,
    centres.map((c) => c.id),
  );
  const at = iso(now);
  const upcoming = await upcomingSlotsOf(
    db,
    centres.map((c) => c.id),
    now,
  );
  for (const c of centres) {
    const s: CentreSummary = {
      vaccines: vaccines.get(c.id) ?? [],
      sessions: [],
      dailyCapacity: c.daily_capacity,
      lastDate: null,
      nextStart: null,
    };
    const perDay = new Map<string, number>();
    for (const slot of slotsBetween(upcoming.get(c.id)!.slots, at, END_OF_TIME)) {
      const from = wallClock(slot.start_at, c.timezone);
      const to = wallClock(slot.end_at, c.timezone);
      if (!s.sessions.some((x) => x.from === from.time && x.to === to.time))
        s.sessions.push({ from: from.time, to: to.time });
      s.lastDate = from.date;
      s.nextStart ??= slot.start_at;
      perDay.set(from.date, (perDay.get(from.date) ?? 0) + slot.capacity);
    }
    if (perDay.size > 0) s.dailyCapacity ??= Math.max(...perDay.values());
    s.sessions.sort((a, b) => a.from.localeCompare(b.from));
    out.set(c.id, s);
  }
  return out;
}
