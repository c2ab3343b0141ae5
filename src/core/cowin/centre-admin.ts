// What operators see of vaccination centres (the operator console): a search by name or
// pincode, and a centre's days with each day's capacity, booked and free seats and its
// sessions. A facility operator sees only the centres it created; an admin every centre.
import { sql } from 'kysely';
import type { Conn } from '../../store/index.js';
import type { OperatorRole } from '../../store/schema.js';
import { listSlots } from '../scheduling/availability.js';
import { DomainError } from '../shared/errors.js';
import { addDays, dayBounds, wallClock } from '../shared/time.js';
import { fixedLimit, iso } from '../../store/dialect.js';

export interface CentreViewer {
  operatorId: number;
  role: OperatorRole;
}

export interface CentreHit {
  id: number;
  code: string;
  name: string;
  pincode: number | null;
  district_name: string | null;
  daily_capacity: number | null;
}

export const MAX_CENTRE_HITS = 50;

/** Centres whose name contains `text` (in any case) or whose pincode is `text` (6 digits), by name. */
export async function searchCentres(db: Conn, viewer: CentreViewer, text: string): Promise<CentreHit[]> {
  const t = text.trim();
  let q = db
    .selectFrom('places')
    .leftJoin('districts', 'districts.id', 'places.district_id')
    .select([
      'places.id',
      'places.code',
      'places.name',
      'places.pincode',
      'districts.name as district_name',
      'places.daily_capacity',
    ])
    .where('places.kind', '=', 'vaccination_centre')
    .where('places.active', '=', 1);
  if (/^\d{6}$/.test(t)) q = q.where('places.pincode', '=', Number(t));
  else if (t) q = q.where(sql`lower(places.name)`, 'like', `%${t.toLowerCase().replace(/[%_\\]/g, '')}%`);
  if (viewer.role === 'facility') q = q.where('places.owner_id', '=', viewer.operatorId);
  const rows = await q.orderBy('places.name').orderBy('places.id').limit(fixedLimit(MAX_CENTRE_HITS)).execute();
  return rows.map((r) => ({ ...r, daily_capacity: r.daily_capacity ?? null }));
}

export interface CentreSession {
  id: number;
  date: string;
  from: string;
  to: string;
  label: string | null;
  capacity: number;
  free: number;
  started: boolean;
}

export interface CentreDay {
  date: string;
  capacity: number;
  booked: number;
  free: number;
  sessions: CentreSession[];
}

export interface CentreDetail {
  id: number;
  code: string;
  name: string;
  address: string | null;
  pincode: number | null;
  timezone: string;
  days: CentreDay[];
}

/** The centre the viewer may manage, or not_found (also when it is another operator's). */
export async function manageableCentre(db: Conn, viewer: CentreViewer, code: string) {
  const place = await db
    .selectFrom('places')
    .select(['id', 'code', 'name', 'address', 'pincode', 'timezone', 'owner_id'])
    .where('code', '=', code)
    .where('kind', '=', 'vaccination_centre')
    .executeTakeFirst();
  if (!place || (viewer.role === 'facility' && place.owner_id !== viewer.operatorId))
    throw new DomainError('not_found', `no centre ${code} that you manage`);
  return place;
}

/** A centre and its `days` days of sessions from the local date of `now`. */
export async function centreDays(
  db: Conn,
  viewer: CentreViewer,
  code: string,
  now: Date,
  days = 14,
): Promise<CentreDetail> {
  const place = await manageableCentre(db, viewer, code);
  const today = wallClock(now, place.timezone).date;
  const from = dayBounds(today, place.timezone).from;
  const to = dayBounds(addDays(today, days - 1), place.timezone).to;
  const slots = await listSlots(db, { placeId: place.id, from, to, now });
  const byDate = new Map<string, CentreDay>();
  const at = iso(now);
  for (const s of slots) {
    const start = wallClock(s.start_at, place.timezone);
    const day = byDate.get(start.date) ?? { date: start.date, capacity: 0, booked: 0, free: 0, sessions: [] };
    day.capacity += s.capacity;
    day.free += s.available;
    day.booked += s.capacity - s.available;
    day.sessions.push({
      id: s.id,
      date: start.date,
      from: start.time,
      to: wallClock(s.end_at, place.timezone).time,
      label: s.label,
      capacity: s.capacity,
      free: s.available,
      started: s.start_at <= at,
    });
    byDate.set(start.date, day);
  }
  const { owner_id: _o, ...centre } = place;
  return { ...centre, days: [...byDate.values()] };
}
