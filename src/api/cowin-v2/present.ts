// Centres and sessions as API Setu v2 shows them. Seats are not set aside per dose, so each
// dose's capacity is every free seat (docs/cowin-v2.md).
import { toDdMmYyyy } from '../dates.js';
import { optional, type Localiser } from './i18n.js';
import type { V2Ids } from './ids.js';
import type { CentreHeader, DaySession } from './session-reads.js';
import { slotName } from './session-reads.js';

/** A photo-ID number as v2 shows it: `XXXXXX234F`. */
export const maskPhotoId = (n: string) => (n.length <= 4 ? n : `${'X'.repeat(n.length - 4)}${n.slice(-4)}`);

const hms = (t: string | null | undefined) => (t ? `${t}:00` : '00:00:00');
const fee = (s: DaySession) => String(Math.round((s.vaccine?.price_minor ?? 0) / 100));
const feeType = (sessions: DaySession[]): 'Free' | 'Paid' =>
  sessions.some((s) => (s.vaccine?.price_minor ?? 0) > 0) ? 'Paid' : 'Free';

/** A centre; `range` overrides its from/to (a session's own hours). */
export function presentCentre(c: CentreHeader, loc: Localiser, sessions: DaySession[], range?: [string, string]) {
  return {
    center_id: c.id,
    name: c.name,
    ...optional('address', c.address ?? undefined),
    state_name: c.state_name,
    ...optional('state_name_l', loc.state(c.state_name)),
    district_name: c.district_name,
    ...optional('district_name_l', loc.district(c.district_name)),
    block_name: c.block_name,
    pincode: c.pincode,
    ...(c.lat !== null && c.lng !== null ? { lat: c.lat, long: c.lng } : {}),
    from: hms(range?.[0] ?? c.from),
    to: hms(range?.[1] ?? c.to),
    fee_type: feeType(sessions),
  };
}

export function presentSession(s: DaySession, ids: V2Ids, centreId: number) {
  const available = s.slots.reduce((n, x) => n + x.available, 0);
  const min = s.vaccine?.min_age_months ?? 0;
  const max = s.vaccine?.max_age_months;
  return {
    session_id: ids.sessionId({ centreId, offeringId: s.offeringId, date: s.date }),
    date: toDdMmYyyy(s.date),
    available_capacity: available,
    available_capacity_dose1: available,
    available_capacity_dose2: available,
    walkin_ind: 'N' as const,
    min_age_limit: Math.floor(min / 12),
    ...(max === null || max === undefined ? {} : { max_age_limit: Math.floor(max / 12) }),
    vaccine: s.vaccine?.name ?? '',
    fee: fee(s),
    slots: s.slots.map((x) => slotName(x.from, x.to)),
  };
}

const hours = (s: DaySession): [string, string] => [s.slots[0].from, s.slots[s.slots.length - 1].to];

/** findByPin / findByDistrict: one entry per session, the centre's fields merged in. */
export function sessionEntries(c: CentreHeader, sessions: DaySession[], loc: Localiser, ids: V2Ids) {
  return sessions.map((s) => ({ ...presentCentre(c, loc, [s], hours(s)), ...presentSession(s, ids, c.id) }));
}

/** calendarBy*: one entry per centre with its sessions. */
export function calendarEntry(c: CentreHeader, sessions: DaySession[], loc: Localiser, ids: V2Ids) {
  const fees = new Map(sessions.map((s) => [s.vaccine?.name ?? '', fee(s)]));
  const paid = feeType(sessions) === 'Paid';
  return {
    ...presentCentre(c, loc, sessions),
    ...(paid ? { vaccine_fees: [...fees].map(([vaccine, f]) => ({ vaccine, fee: f })) } : {}),
    sessions: sessions.map((s) => {
      const [from, to] = hours(s);
      return { ...presentSession(s, ids, c.id), from: hms(from), to: hms(to), fee_type: feeType([s]) };
    }),
  };
}
