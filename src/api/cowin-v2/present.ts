// Centres and sessions as API Setu v2 shows them. Seats are not set aside per dose, so each
// dose's capacity is every free seat (docs/cowin-v2.md).
import { toDdMmYyyy } from '../dates.js';
import type { Localiser } from './i18n.js';
import type { V2Ids } from './ids.js';
import type { CentreHeader, DaySession } from './session-reads.js';
import { slotName } from './session-reads.js';

/** A photo-ID number as v2 shows it: `XXXXXX234F`. */
export const maskPhotoId = (n: string) => (n.length <= 4 ? n : `${'X'.repeat(n.length - 4)}${n.slice(-4)}`);

const hms = (t: string | null | undefined) => (t ? `${t}:00` : '00:00:00');
const fee = (s: DaySession) => String(Math.round((s.vaccine?.price_minor ?? 0) / 100));
const feeType = (sessions: DaySession[]): 'Free' | 'Paid' =>
  sessions.some((s) => (s.vaccine?.price_minor ?? 0) > 0) ? 'Paid' : 'Free';

/**
 * A centre's own fields, the same for each of its entries. Every shape here is one object
 * literal with each optional field present (undefined when absent, which the serializer
 * leaves out): no spreads, so building a listing stays cheap (issue 11).
 */
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

/** A centre with its hours and fee type (the centre lists of v2). */
export function presentCentre(c: CentreHeader, loc: Localiser, sessions: DaySession[]) {
  const f = centreFields(c, loc);
  return {
    center_id: f.center_id,
    name: f.name,
    address: f.address,
    state_name: f.state_name,
    state_name_l: f.state_name_l,
    district_name: f.district_name,
    district_name_l: f.district_name_l,
    block_name: f.block_name,
    pincode: f.pincode,
    lat: f.lat,
    long: f.long,
    from: hms(c.from),
    to: hms(c.to),
    fee_type: feeType(sessions),
  };
}

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
    available_capacity_dose1: available,
    available_capacity_dose2: available,
    walkin_ind: 'N' as const,
    min_age_limit: Math.floor(min / 12),
    max_age_limit: max === null || max === undefined ? undefined : Math.floor(max / 12),
    vaccine: s.vaccine?.name ?? '',
    fee: fee(s),
    slots: s.slots.map((x) => slotName(x.from, x.to)),
  };
}

/** findByPin / findByDistrict: one entry per session, the centre's fields merged in. */
export function sessionEntries(c: CentreHeader, sessions: DaySession[], loc: Localiser, ids: V2Ids) {
  const f = centreFields(c, loc);
  return sessions.map((s) => {
    const x = sessionFields(s, ids, c.id);
    return {
      center_id: f.center_id,
      name: f.name,
      address: f.address,
      state_name: f.state_name,
      state_name_l: f.state_name_l,
      district_name: f.district_name,
      district_name_l: f.district_name_l,
      block_name: f.block_name,
      pincode: f.pincode,
      lat: f.lat,
      long: f.long,
      from: hms(s.slots[0].from),
      to: hms(s.slots[s.slots.length - 1].to),
      fee_type: feeType([s]),
      session_id: x.session_id,
      date: x.date,
      available_capacity: x.available_capacity,
      available_capacity_dose1: x.available_capacity_dose1,
      available_capacity_dose2: x.available_capacity_dose2,
      walkin_ind: x.walkin_ind,
      min_age_limit: x.min_age_limit,
      max_age_limit: x.max_age_limit,
      vaccine: x.vaccine,
      fee: x.fee,
      slots: x.slots,
    };
  });
}

/** calendarBy*: one entry per centre with its sessions. */
export function calendarEntry(c: CentreHeader, sessions: DaySession[], loc: Localiser, ids: V2Ids) {
  const centre = presentCentre(c, loc, sessions);
  const fees = new Map(sessions.map((s) => [s.vaccine?.name ?? '', fee(s)]));
  return {
    center_id: centre.center_id,
    name: centre.name,
    address: centre.address,
    state_name: centre.state_name,
    state_name_l: centre.state_name_l,
    district_name: centre.district_name,
    district_name_l: centre.district_name_l,
    block_name: centre.block_name,
    pincode: centre.pincode,
    lat: centre.lat,
    long: centre.long,
    from: centre.from,
    to: centre.to,
    fee_type: centre.fee_type,
    vaccine_fees: centre.fee_type === 'Paid' ? [...fees].map(([vaccine, f]) => ({ vaccine, fee: f })) : undefined,
    sessions: sessions.map((s) => {
      const x = sessionFields(s, ids, c.id);
      return {
        session_id: x.session_id,
        date: x.date,
        available_capacity: x.available_capacity,
        available_capacity_dose1: x.available_capacity_dose1,
        available_capacity_dose2: x.available_capacity_dose2,
        walkin_ind: x.walkin_ind,
        min_age_limit: x.min_age_limit,
        max_age_limit: x.max_age_limit,
        vaccine: x.vaccine,
        fee: x.fee,
        slots: x.slots,
        from: hms(s.slots[0].from),
        to: hms(s.slots[s.slots.length - 1].to),
        fee_type: feeType([s]),
      };
    }),
  };
}
