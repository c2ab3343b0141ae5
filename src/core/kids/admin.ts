// Operator management of the kids-vaccination catalogue: services under product codes,
// providers (clinics and home-visit teams) and their slots.
import { iso } from '../../store/dialect.js';
import type { Store } from '../../store/index.js';
import type { Offering, Place } from '../../store/schema.js';
import { listSlots, type SlotAvailability } from '../scheduling/availability.js';
import { createOffering, createPlace, createSlots, offerAt } from '../scheduling/catalogue.js';
import { catalogueChanged } from '../scheduling/changes.js';
import { DomainError } from '../shared/errors.js';
import { KIDS_SERVICE, findProvider, providerServices, requireServices, type ProviderKind } from './catalogue.js';
import { checkPrdIds } from '../partners/partners.js';
import { dayBounds, isIsoDate, isTimeZone, wallClock, zonedInstant } from '../shared/time.js';

export interface ServiceInput {
  prd_id: string;
  id?: string;
  name: string;
  description?: string | null;
  price_minor: number;
  currency?: string;
  min_age_months: number;
  max_age_months: number;
  doses: number;
  dose_gap_days?: number | null;
  inclusions?: string[];
  instructions?: string[];
  home_visit?: boolean;
}

function checkAges(min: number | null, max: number | null): void {
  if (min !== null && max !== null && min > max)
    throw new DomainError('invalid', 'min_age_months must not be above max_age_months', { field: 'min_age_months' });
}

export async function createService(store: Store, s: ServiceInput): Promise<Offering> {
  checkPrdIds([s.prd_id]);
  checkAges(s.min_age_months, s.max_age_months);
  if (s.id && (await store.db.selectFrom('offerings').select('id').where('code', '=', s.id).executeTakeFirst())) {
    throw new DomainError('invalid', `a service with id ${s.id} already exists`, { field: 'id' });
  }
  const created = await createOffering(store.db, {
    code: s.id,
    kind: KIDS_SERVICE,
    catalog: s.prd_id,
    name: s.name,
    description: s.description ?? null,
    price_minor: s.price_minor,
    currency: s.currency ?? 'SAR',
    min_age_months: s.min_age_months,
    max_age_months: s.max_age_months,
    doses: s.doses,
    dose_gap_days: s.dose_gap_days ?? null,
    active: 1,
    details: JSON.stringify({
      inclusions: s.inclusions ?? [],
      instructions: s.instructions ?? [],
      home_visit: s.home_visit ?? false,
    }),
  });
  // Browse caches services and providers per catalogue version.
  catalogueChanged(store.db);
  return created;
}

export type ServicePatch = Partial<Omit<ServiceInput, 'prd_id' | 'id'>> & { active?: boolean };

export async function updateService(store: Store, code: string, patch: ServicePatch): Promise<Offering> {
  return store.tx(async (trx) => {
    const o = await trx
      .selectFrom('offerings')
      .selectAll()
      .where('kind', '=', KIDS_SERVICE)
      .where('code', '=', code)
      .executeTakeFirst();
    if (!o) throw new DomainError('not_found', `service ${code} does not exist`, { field: 'id' });
    const details = JSON.parse(o.details) as Record<string, unknown>;
    for (const k of ['inclusions', 'instructions', 'home_visit'] as const)
      if (patch[k] !== undefined) details[k] = patch[k];
    const min = patch.min_age_months ?? o.min_age_months;
    const max = patch.max_age_months ?? o.max_age_months;
    checkAges(min, max);
    catalogueChanged(trx);
    return trx
      .updateTable('offerings')
      .set({
        name: patch.name ?? o.name,
        description: patch.description !== undefined ? patch.description : o.description,
        price_minor: patch.price_minor ?? o.price_minor,
        currency: patch.currency ?? o.currency,
        min_age_months: min,
        max_age_months: max,
        doses: patch.doses ?? o.doses,
        dose_gap_days: patch.dose_gap_days !== undefined ? patch.dose_gap_days : o.dose_gap_days,
        details: JSON.stringify(details),
        active: patch.active === undefined ? o.active : patch.active ? 1 : 0,
      })
      .where('id', '=', o.id)
      .returningAll()
      .executeTakeFirstOrThrow();
  });
}

export interface ProviderInput {
  prd_id: string;
  name: string;
  type: ProviderKind;
  address?: string | null;
  lat: number;
  lng: number;
  service_radius_km: number;
  timezone?: string;
  services: string[];
}

export async function createProvider(store: Store, p: ProviderInput): Promise<Place> {
  const timezone = p.timezone ?? 'Asia/Riyadh';
  if (!isTimeZone(timezone))
    throw new DomainError('invalid', `timezone ${timezone} is not an IANA time zone`, { field: 'timezone' });
  return store.tx(async (trx) => {
    const services = await requireServices(trx, p.prd_id, p.services);
    const place = await createPlace(trx, {
      kind: p.type,
      name: p.name,
      external_ref: null,
      incharge_name: null,
      mobile: null,
      address: p.address ?? null,
      state_id: null,
      district_id: null,
      block_id: null,
      pincode: null,
      locality: null,
      area: null,
      centre_type: null,
      lat: p.lat,
      lng: p.lng,
      service_radius_km: p.service_radius_km,
      timezone,
      owner_id: null,
      active: 1,
      code: undefined,
    });
    await offerAt(
      trx,
      place.id,
      services.map((s) => s.id),
    );
    catalogueChanged(trx);
    return place;
  });
}

export type ProviderPatch = Partial<Pick<ProviderInput, 'name' | 'address' | 'lat' | 'lng' | 'service_radius_km'>> & {
  active?: boolean;
  add_services?: { prd_id: string; ids: string[] };
};

export async function updateProvider(store: Store, code: string, patch: ProviderPatch): Promise<Place> {
  return store.tx(async (trx) => {
    const p = await findProvider(trx, code);
    if (!p) throw new DomainError('not_found', `provider ${code} does not exist`, { field: 'provider_id' });
    if (patch.add_services) {
      const services = await requireServices(trx, patch.add_services.prd_id, patch.add_services.ids);
      await offerAt(
        trx,
        p.id,
        services.map((s) => s.id),
      );
    }
    catalogueChanged(trx);
    return trx
      .updateTable('places')
      .set({
        name: patch.name ?? p.name,
        address: patch.address !== undefined ? patch.address : p.address,
        lat: patch.lat ?? p.lat,
        lng: patch.lng ?? p.lng,
        service_radius_km: patch.service_radius_km ?? p.service_radius_km,
        active: patch.active === undefined ? p.active : patch.active ? 1 : 0,
        updated_at: iso(),
      })
      .where('id', '=', p.id)
      .returningAll()
      .executeTakeFirstOrThrow();
  });
}

export async function requireProvider(store: Store, code: string): Promise<Place> {
  const p = await findProvider(store.db, code);
  if (!p) throw new DomainError('not_found', `provider ${code} does not exist`, { field: 'provider_id' });
  return p;
}

export async function listProviders(store: Store): Promise<(Place & { services: string[] })[]> {
  const places = await store.db
    .selectFrom('places')
    .selectAll()
    .where('kind', 'in', ['clinic', 'home_visit'])
    .orderBy('id')
    .execute();
  const out = [];
  for (const p of places) out.push({ ...p, services: await providerServices(store.db, p.id) });
  return out;
}

export interface SlotPlan {
  date: string;
  from: string;
  to: string;
  minutes: number;
  capacity: number;
}

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;

/** Add slots of `minutes` each from `from` to `to` (local wall clock) on `date`. Existing starts are skipped. */
export async function addProviderSlots(store: Store, code: string, plan: SlotPlan): Promise<SlotAvailability[]> {
  const p = await requireProvider(store, code);
  if (!isIsoDate(plan.date))
    throw new DomainError('invalid', 'date must be a real date in YYYY-MM-DD form', { field: 'date' });
  if (!HHMM.test(plan.from) || !HHMM.test(plan.to) || plan.from >= plan.to)
    throw new DomainError('invalid', 'from and to must be HH:MM with from before to', { field: 'from' });
  const start = zonedInstant(plan.date, plan.from, p.timezone).getTime();
  const end = zonedInstant(plan.date, plan.to, p.timezone).getTime();
  const step = plan.minutes * 60_000;
  if ((end - start) / step > 96) throw new DomainError('invalid', 'at most 96 slots per call', { field: 'minutes' });
  const day = dayBounds(plan.date, p.timezone);
  return store.tx(async (trx) => {
    const existing = new Set(
      (
        await trx
          .selectFrom('slots')
          .select('start_at')
          .where('place_id', '=', p.id)
          .where('start_at', '>=', day.from)
          .where('start_at', '<', day.to)
          .execute()
      ).map((r) => r.start_at),
    );
    const slots = [];
    for (let t = start; t + step <= end; t += step) {
      const s = new Date(t).toISOString();
      if (existing.has(s)) continue;
      const label = `${wallClock(new Date(t), p.timezone).time}-${wallClock(new Date(t + step), p.timezone).time}`;
      slots.push({
        place_id: p.id,
        offering_id: null,
        practitioner_id: null,
        start_at: s,
        end_at: new Date(t + step).toISOString(),
        label,
        capacity: plan.capacity,
      });
    }
    await createSlots(trx, slots);
    return listSlots(trx, { placeId: p.id, from: day.from, to: day.to });
  });
}

export async function providerSlots(store: Store, code: string, date: string): Promise<SlotAvailability[]> {
  const p = await requireProvider(store, code);
  if (!isIsoDate(date))
    throw new DomainError('invalid', 'date must be a real date in YYYY-MM-DD form', { field: 'date' });
  const day = dayBounds(date, p.timezone);
  return listSlots(store.db, { placeId: p.id, from: day.from, to: day.to });
}
