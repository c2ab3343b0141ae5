// Centres and sessions as API Setu v2 shows them. Seats are not set aside per dose, so each
// dose's capacity is every free seat (docs/cowin-v2.md).
import { toDdMmYyyy } from '../dates.js';
import type { Localiser } from './i18n.js';
import type { V2Ids } from './ids.js';
import type { CentreHeader, DaySession } from './session-reads.js';
import { slotName } from './slot-names.js';

/** A photo-ID number as v2 shows it: `XXXXXX234F`. */
export const maskPhotoId = (n: string) => (n.length <= 4 ? n : `${'X'.repeat(n.length - 4)}${n.slice(-4)}`);

const hms = (t: string | null | undefined) => (t ? `${t}:00` : '00:00:00');
const fee = (s: DaySession) => String(Math.round((s.vaccine?.price_minor ?? 0) / 100));
const feeType = (sessions: DaySession[]): 'Free' | 'Paid' =>
  sessions.some((s) => (s.vaccine?.price_minor ?? 0) > 0) ? 'Paid' : 'Free';

/** A centre's own fields, the same for each of its entries. */
function centreFields(c: CentreHeader, loc: Localiser) {
  const located = c.lat !== null && c.lng !== null;
  return {
    center_id: c.id,
    name: c.name,
    address: c.address || undefined,
    state_name: c.state_name,
    state_name_l: loc.state(c.state_name) || undefined,
    district_name: c.district_name,
    district_name_l: loc.district(c.district_name) || undefined,
    block_name: c.block_name,
    pincode: c.pincode,
    lat: located ? c.lat! : undefined,
    long: located ? c.lng! : undefined,
  };
}
type CentreFields = ReturnType<typeof centreFields>;

/** A session's own fields, in every listing. */
function sessionFields(s: DaySession, ids: V2Ids, centreId: number) {
  let available = 0;
  for (const x of s.slots) available += x.available;
  const min = s.vaccine?.min_age_months ?? 0;
  const max = s.vaccine?.max_age_months;
  return {
    session_id: ids.sessionId({ centreId, offeringId: s.offeringId, date: s.date }),
    date: toDdMmYyyy(s.date),
    available_capacity: available,
    walkin_ind: 'N' as const,
    min_age_limit: Math.floor(min / 12),
    max_age_limit: max === null || max === undefined ? undefined : Math.floor(max / 12),
    vaccine: s.vaccine?.name ?? '',
    fee: fee(s),
    slots: s.slots.map((x) => slotName(x.from, x.to)),
  };
}
type SessionFields = ReturnType<typeof sessionFields>;

/**
 * Every v2 entry, as one object literal: a centre's fields (`f`), hours and fee type, a
 * session's fields (`x`), a calendar's fees and sessions. What an entry lacks is undefined, which
 * the route's serializer leaves out. One shape and no spreads keep a listing cheap to build
 * (issue 11).
 */
function entry(
  f: CentreFields | undefined,
  hours: Hours,
  x: SessionFields | undefined,
  calendar?: { vaccine_fees: Fee[] | undefined; sessions: SessionEntry[] },
) {
  return {
    center_id: f?.center_id,
    name: f?.name,
    address: f?.address,
    state_name: f?.state_name,
    state_name_l: f?.state_name_l,
    district_name: f?.district_name,
    district_name_l: f?.district_name_l,
    block_name: f?.block_name,
    pincode: f?.pincode,
    lat: f?.lat,
    long: f?.long,
    from: hours.from,
    to: hours.to,
    fee_type: hours.fee_type,
    vaccine_fees: calendar?.vaccine_fees,
    sessions: calendar?.sessions,
    session_id: x?.session_id,
    date: x?.date,
    available_capacity: x?.available_capacity,
    available_capacity_dose1: x?.available_capacity,
    available_capacity_dose2: x?.available_capacity,
    walkin_ind: x?.walkin_ind,
    min_age_limit: x?.min_age_limit,
    max_age_limit: x?.max_age_limit,
    vaccine: x?.vaccine,
    fee: x?.fee,
    slots: x?.slots,
  };
}

// What `entry` gives, typed by what it was given (its fields are typed where they are built).
type Hours = { from: string; to: string; fee_type: 'Free' | 'Paid' };
type Fee = { vaccine: string; fee: string };
type SessionEntry = SessionFields & Hours & { available_capacity_dose1: number; available_capacity_dose2: number };
type CentreEntry = CentreFields & Hours;

/** A session's hours and fee type. */
const sessionHours = (s: DaySession): Hours => ({
  from: hms(s.slots[0].from),
  to: hms(s.slots[s.slots.length - 1].to),
  fee_type: feeType([s]),
});

/** A centre with its hours and fee type (the centre lists of v2). */
export function presentCentre(c: CentreHeader, loc: Localiser, sessions: DaySession[]): CentreEntry {
  const hours: Hours = { from: hms(c.from), to: hms(c.to), fee_type: feeType(sessions) };
  return entry(centreFields(c, loc), hours, undefined) as CentreEntry;
}

/** findByPin / findByDistrict: one entry per session, the centre's fields merged in. */
export function sessionEntries(
  c: CentreHeader,
  sessions: DaySession[],
  loc: Localiser,
  ids: V2Ids,
): (CentreFields & SessionEntry)[] {
  const f = centreFields(c, loc);
  return sessions.map((s) => entry(f, sessionHours(s), sessionFields(s, ids, c.id)) as CentreFields & SessionEntry);
}

/** calendarBy*: one entry per centre with its sessions. */
export function calendarEntry(
  c: CentreHeader,
  sessions: DaySession[],
  loc: Localiser,
  ids: V2Ids,
): CentreEntry & { vaccine_fees?: Fee[]; sessions: SessionEntry[] } {
  const hours: Hours = { from: hms(c.from), to: hms(c.to), fee_type: feeType(sessions) };
  const fees = new Map(sessions.map((s) => [s.vaccine?.name ?? '', fee(s)]));
  return entry(centreFields(c, loc), hours, undefined, {
    vaccine_fees: hours.fee_type === 'Paid' ? [...fees].map(([vaccine, f]) => ({ vaccine, fee: f })) : undefined,
    sessions: sessions.map((s) => entry(undefined, sessionHours(s), sessionFields(s, ids, c.id)) as SessionEntry),
  }) as CentreEntry & { vaccine_fees?: Fee[]; sessions: SessionEntry[] };
}
