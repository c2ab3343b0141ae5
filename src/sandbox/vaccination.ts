// Vaccine types and a few thousand vaccination centres on real pincodes, each with 14 days
// of sessions (four time slots a day, India Standard Time).
import { facilityRef } from '../core/cowin/facility-sheet.js';
import { createSlots, type SlotInput } from '../core/scheduling/catalogue.js';
import { addDays, zonedInstant } from '../core/shared/time.js';
import { batchSize, iso } from '../store/dialect.js';
import type { Conn } from '../store/index.js';
import type { Rng } from './random.js';

/** Vaccine types; `code` `vt-N` is the `vaccinationtypeID` N that facility sheets use. */
export const VACCINE_TYPES = [
  { n: 1, name: 'COVISHIELD', doses: 2, gap: 84, min: 18 * 12, max: null },
  { n: 2, name: 'COVAXIN', doses: 2, gap: 28, min: 18 * 12, max: null },
  { n: 3, name: 'SPUTNIK V', doses: 2, gap: 21, min: 18 * 12, max: null },
  { n: 4, name: 'CORBEVAX', doses: 2, gap: 28, min: 12 * 12, max: 15 * 12 - 1 },
  { n: 5, name: 'ZYCOV-D', doses: 3, gap: 28, min: 12 * 12, max: null },
  { n: 6, name: 'COVOVAX', doses: 2, gap: 21, min: 7 * 12, max: null },
] as const;

export const SESSION_TIMES = [
  { label: 'Morning', from: '09:00', to: '11:00' },
  { label: 'Late Morning', from: '11:00', to: '13:00' },
  { label: 'Afternoon', from: '14:00', to: '16:00' },
  { label: 'Evening', from: '16:00', to: '18:00' },
] as const;

const KINDS = ['PHC', 'CHC', 'UPHC', 'Sub Centre', 'District Hospital', 'Civil Hospital'] as const;
const INCHARGES = [
  'Sunil Kumar',
  'Anita Sharma',
  'Ramesh Iyer',
  'Fatima Shaikh',
  'Gurpreet Singh',
  'Lakshmi Nair',
  'Arjun Das',
  'Meena Patel',
];

export interface VaccinationOptions {
  centres: number;
  days: number;
  today: string;
}

export async function loadVaccination(
  db: Conn,
  random: Rng,
  opts: VaccinationOptions,
): Promise<{ vaccines: number; centres: number; slots: number }> {
  const at = iso();
  const vaccines = await db
    .insertInto('offerings')
    .values(
      VACCINE_TYPES.map((v) => ({
        code: `vt-${v.n}`,
        kind: 'vaccine' as const,
        catalog: null,
        name: v.name,
        description: `${v.name} (${v.doses} doses, ${v.gap} days apart)`,
        price_minor: 0,
        currency: 'INR',
        min_age_months: v.min,
        max_age_months: v.max,
        doses: v.doses,
        dose_gap_days: v.gap,
        details: '{}',
        active: 1,
        created_at: at,
      })),
    )
    .returning(['id'])
    .execute();

  const localities = await db
    .selectFrom('localities')
    .innerJoin('pincodes', 'pincodes.pincode', 'localities.pincode')
    .innerJoin('districts', 'districts.id', 'pincodes.district_id')
    .select([
      'localities.pincode',
      'localities.name',
      'pincodes.block_id',
      'pincodes.district_id',
      'districts.state_id',
      'pincodes.lat',
      'pincodes.lng',
    ])
    .where('pincodes.lat', 'is not', null)
    .orderBy('localities.id')
    .execute();
  if (localities.length === 0) return { vaccines: vaccines.length, centres: 0, slots: 0 };

  const places = [];
  // Each centre has the identity a facility sheet row computes from its pincode and name, so
  // a sheet naming it updates it; a repeated pincode and name gets a number to stay distinct.
  const refs = new Set<string>();
  for (let i = 0; i < opts.centres; i++) {
    const l = random.pick(localities);
    const kind = random.pick(KINDS);
    let name = `${kind} ${l.name}`;
    for (let n = 2; refs.has(facilityRef(l.pincode, name)); n++) name = `${kind} ${l.name} ${n}`;
    refs.add(facilityRef(l.pincode, name));
    places.push({
      code: `cvc-${i + 1}`,
      kind: 'vaccination_centre' as const,
      name,
      external_ref: facilityRef(l.pincode, name),
      incharge_name: random.pick(INCHARGES),
      mobile: String(random.int(7000000000, 9999999999)),
      address: `${l.name}, ${l.pincode}`,
      state_id: l.state_id,
      district_id: l.district_id,
      block_id: l.block_id,
      pincode: l.pincode,
      locality: l.name,
      area: random.next() < 0.4 ? 'Urban' : 'Rural',
      centre_type: random.next() < 0.85 ? 'Permanent' : 'Mobile',
      lat: Number(l.lat) + (random.next() - 0.5) * 0.02,
      lng: Number(l.lng) + (random.next() - 0.5) * 0.02,
      service_radius_km: null,
      timezone: 'Asia/Kolkata',
      owner_id: null,
      active: 1,
      created_at: at,
      updated_at: at,
    });
  }
  const placeIds: number[] = [];
  for (let i = 0; i < places.length; i += batchSize(22)) {
    const rows = await db
      .insertInto('places')
      .values(places.slice(i, i + batchSize(22)))
      .returning(['id'])
      .execute();
    placeIds.push(...rows.map((r) => r.id));
  }
  const links = placeIds.map((place_id) => ({ place_id, offering_id: random.pick(vaccines).id }));
  for (let i = 0; i < links.length; i += batchSize(2))
    await db
      .insertInto('place_offerings')
      .values(links.slice(i, i + batchSize(2)))
      .execute();

  const dates = sessionDates(opts.today, opts.days);
  const slots: SlotInput[] = [];
  for (const [i, placeId] of placeIds.entries()) {
    slots.push(...centreSessions(placeId, links[i].offering_id, random.pick([20, 25, 30, 40, 50]), dates));
  }
  await createSlots(db, slots);
  return { vaccines: vaccines.length, centres: placeIds.length, slots: slots.length };
}

/** `days` consecutive dates (YYYY-MM-DD) from `first`. */
export function sessionDates(first: string, days: number): string[] {
  return Array.from({ length: days }, (_, d) => addDays(first, d));
}

/** The four daily sessions of a sandbox centre on each of `dates`. */
export function centreSessions(placeId: number, offeringId: number, capacity: number, dates: string[]): SlotInput[] {
  return dates.flatMap((date) =>
    SESSION_TIMES.map((t) => ({
      place_id: placeId,
      offering_id: offeringId,
      practitioner_id: null,
      label: t.label,
      capacity,
      start_at: iso(zonedInstant(date, t.from, 'Asia/Kolkata')),
      end_at: iso(zonedInstant(date, t.to, 'Asia/Kolkata')),
    })),
  );
}
