// The kids-vaccination catalogue: services under partner product codes (`prd_id`), the
// providers that give them (clinics and home-visit teams with a service radius), and their
// free slots. Rows are mapped to the API's shape here, in one place.
import { sql } from 'kysely';
import { iso } from '../../store/dialect.js';
import type { Conn } from '../../store/index.js';
import { prepared } from '../../store/prepared.js';
import type { Offering, Place, Slot } from '../../store/schema.js';
import { slotsBetween, upcomingSlots } from '../scheduling/place-slots.js';
import { availabilityTtl, catalogueVersion, placeVersion } from '../scheduling/changes.js';
import { DomainError } from '../shared/errors.js';
import { money, type Money } from '../partners/money.js';
import { dayBounds } from '../shared/time.js';
import { TtlCache, cached } from '../shared/ttl-cache.js';

export const KIDS_SERVICE = 'kids_service' as const;
export const PROVIDER_KINDS = ['clinic', 'home_visit'] as const;
export type ProviderKind = (typeof PROVIDER_KINDS)[number];

export interface KidsService {
  id: string;
  prd_id: string;
  name: string;
  description: string | null;
  price: Money;
  age_range: { min_months: number | null; max_months: number | null };
  doses: number | null;
  dose_gap_days: number | null;
  inclusions: string[];
  instructions: string[];
  home_visit: boolean;
  active: boolean;
}

interface ServiceDetails {
  inclusions?: string[];
  instructions?: string[];
  home_visit?: boolean;
}

export function serviceView(o: Offering): KidsService {
  let d: ServiceDetails = {};
  try {
    d = JSON.parse(o.details) as ServiceDetails;
  } catch {
    /* keep defaults */
  }
  return {
    id: o.code,
    prd_id: o.catalog ?? '',
    name: o.name,
    description: o.description,
    price: money(o.price_minor ?? 0, o.currency ?? 'SAR'),
    age_range: { min_months: o.min_age_months, max_months: o.max_age_months },
    doses: o.doses,
    dose_gap_days: o.dose_gap_days,
    inclusions: d.inclusions ?? [],
    instructions: d.instructions ?? [],
    home_visit: d.home_visit ?? false,
    active: o.active === 1,
  };
}

export async function listServices(
  db: Conn,
  prdId: string,
  opts: { includeInactive?: boolean } = {},
): Promise<Offering[]> {
  let q = db.selectFrom('offerings').selectAll().where('kind', '=', KIDS_SERVICE).where('catalog', '=', prdId);
  if (!opts.includeInactive) q = q.where('active', '=', 1);
  return q.orderBy('name').orderBy('id').execute();
}

export async function findService(
  db: Conn,
  prdId: string,
  code: string,
  opts: { includeInactive?: boolean } = {},
): Promise<Offering | undefined> {
  let q = db
    .selectFrom('offerings')
    .selectAll()
    .where('kind', '=', KIDS_SERVICE)
    .where('catalog', '=', prdId)
    .where('code', '=', code);
  if (!opts.includeInactive) q = q.where('active', '=', 1);
  return q.executeTakeFirst();
}

/** The active services named by `codes` under `prdId`, in the order given; 1004 naming the first unknown. */
export async function requireServices(db: Conn, prdId: string, codes: string[]): Promise<Offering[]> {
  const unique = [...new Set(codes)];
  if (unique.length !== codes.length)
    throw new DomainError('invalid', 'services lists the same service twice', { field: 'services' });
  const rows = unique.length
    ? await db
        .selectFrom('offerings')
        .selectAll()
        .where('kind', '=', KIDS_SERVICE)
        .where('catalog', '=', prdId)
        .where('active', '=', 1)
        .where('code', 'in', unique)
        .execute()
    : [];
  const byCode = new Map(rows.map((r) => [r.code, r]));
  const missing = unique.find((c) => !byCode.has(c));
  if (missing)
    throw new DomainError(
      'not_found',
      `service ${missing} does not exist under prd_id ${prdId}; list them with /services`,
      { field: 'services' },
    );
  return unique.map((c) => byCode.get(c)!);
}

/** Great-circle distance in km. */
export function distanceKm(a: { lat: number; lng: number }, b: { lat: number; lng: number }): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLng = (b.lng - a.lng) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * 6371.0088 * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** Active providers offering every one of `offeringIds`. */
export async function providersOffering(db: Conn, offeringIds: number[]): Promise<Place[]> {
  if (offeringIds.length === 0) return [];
  return db
    .selectFrom('places')
    .selectAll()
    .where('kind', 'in', [...PROVIDER_KINDS])
    .where('active', '=', 1)
    .where('id', 'in', (eb) =>
      eb
        .selectFrom('place_offerings')
        .select('place_id')
        .where('offering_id', 'in', offeringIds)
        .groupBy('place_id')
        .having(sql`count(distinct offering_id)`, '=', offeringIds.length),
    )
    .orderBy('id')
    .execute();
}

export interface BrowseSlot {
  id: string;
  start: string;
  end: string;
  label: string | null;
  available: number;
}
export interface BrowseProvider {
  id: string;
  name: string;
  type: ProviderKind;
  address: string | null;
  location: { lat: number; lng: number };
  service_radius_km: number;
  distance_km: number;
  timezone: string;
  slots: BrowseSlot[];
}

/**
 * How long browse may use services and providers read before another process changed them.
 * Changes made in this process bump the catalogue version (../scheduling/changes.ts) and
 * are seen at once.
 */
export const CATALOGUE_CACHE_TTL_MS = 1000;

interface CatalogueCaches {
  services: TtlCache<string, Offering[]>;
  providers: TtlCache<string, Place[]>;
  provider: TtlCache<string, Place>;
  offered: TtlCache<number, string[]>;
  slots: TtlCache<number, SlotRef>;
}
const catalogueCaches = new WeakMap<object, CatalogueCaches>();

/** The catalogue caches of a database handle; entries hold per catalogue version. */
function cachesOf(db: Conn): CatalogueCaches {
  let c = catalogueCaches.get(db);
  if (!c) {
    const ttl = () => availabilityTtl(CATALOGUE_CACHE_TTL_MS);
    c = {
      services: new TtlCache(ttl, 1000),
      providers: new TtlCache(ttl, 1000),
      provider: new TtlCache(ttl, 10_000),
      offered: new TtlCache(ttl, 10_000),
      slots: new TtlCache(ttl, 100_000),
    };
    catalogueCaches.set(db, c);
  }
  return c;
}

/** requireServices and providersOffering, cached per database handle (not inside transactions). */
async function browseCatalogue(db: Conn, prdId: string, codes: string[]): Promise<[Offering[], Place[]]> {
  if (db.isTransaction) {
    const offerings = await requireServices(db, prdId, codes);
    return [
      offerings,
      await providersOffering(
        db,
        offerings.map((o) => o.id),
      ),
    ];
  }
  const c = cachesOf(db);
  const offerings = await cachedServices(db, prdId, codes);
  const ids = offerings.map((o) => o.id);
  const places = await cached(c.providers, ids.join(','), catalogueVersion, () => providersOffering(db, ids));
  return [offerings, places];
}

/** requireServices, kept per catalogue version (the same checks, the same errors). Do not mutate. */
export async function cachedServices(db: Conn, prdId: string, codes: string[]): Promise<Offering[]> {
  if (db.isTransaction) return requireServices(db, prdId, codes);
  const key = JSON.stringify([prdId, codes]);
  return cached(cachesOf(db).services, key, catalogueVersion, () => requireServices(db, prdId, codes));
}

/** findProvider and providerServices, kept per catalogue version. Do not mutate the results. */
export async function cachedProvider(
  db: Conn,
  code: string,
): Promise<{ place: Place; services: string[] } | undefined> {
  const c = cachesOf(db);
  const place = db.isTransaction
    ? await findProvider(db, code)
    : // An unknown code is not kept (undefined is a miss): it is read again next time.
      await cached(c.provider, code, catalogueVersion, async () => (await findProvider(db, code)) as Place);
  if (!place) return undefined;
  const services = db.isTransaction
    ? await providerServices(db, place.id)
    : await cached(c.offered, place.id, catalogueVersion, () => providerServices(db, place.id));
  return { place, services };
}

/** Where and when a slot is: what a booking needs of it. */
export type SlotRef = Pick<Slot, 'id' | 'place_id' | 'start_at'>;

// Compiled once (a named statement on PostgreSQL): a booking of a slot not kept yet reads it.
const slotRef = prepared((db, p: { slotId: number }) =>
  db.selectFrom('slots').select(['id', 'place_id', 'start_at']).where('id', '=', p.slotId),
);

/**
 * A slot's id, place and start, kept per catalogue version: they never change once written
 * (only its capacity, end and seats do, and the seats are taken in the booking's transaction),
 * and a slot removed is a catalogue change. Under load a read outside the booking's
 * transaction waits for the open group commit, so a booking spends no turn on it. An unknown
 * id is not kept (it is read again next time).
 */
export async function cachedSlot(db: Conn, slotId: number): Promise<SlotRef | undefined> {
  const read = async (): Promise<SlotRef | undefined> => (await slotRef(db, { slotId })).rows[0];
  if (db.isTransaction) return read();
  // undefined is a miss to `cached`, so an unknown id is not kept.
  return cached(cachesOf(db).slots, slotId, catalogueVersion, read as () => Promise<SlotRef>);
}

/** What {@link browse} found, and what an answer built from it depends on. */
export interface Browsed {
  providers: BrowseProvider[];
  /** Every provider that reaches the location (with or without free slots that day)... */
  places: number[];
  /** ...and each one's availability version (../scheduling/changes.ts), taken before its slots were read. */
  versions: number[];
  /** Epoch ms until which the same request gives the same providers with time alone: a slot starts or a hold runs out. */
  validBefore: number;
}

/**
 * Providers that give all `services` and reach `location` (distance within their service
 * radius), nearest first, with the slots of `date` (their local day) that still have a seat.
 * Providers without a free slot that day are left out.
 */
export async function browse(
  db: Conn,
  q: { prdId: string; services: string[]; date: string; location: { lat: number; lng: number }; now?: Date },
): Promise<Browsed> {
  const now = q.now ?? new Date();
  const [, catalogue] = await browseCatalogue(db, q.prdId, q.services);
  const reachable = catalogue
    .filter((p) => p.lat !== null && p.lng !== null)
    .map((p) => ({ p, d: distanceKm(q.location, { lat: p.lat!, lng: p.lng! }) }))
    .filter(({ p, d }) => d <= (p.service_radius_km ?? 0))
    .sort((a, b) => a.d - b.d || a.p.id - b.p.id);
  const at = iso(now);
  const found: Browsed = { providers: [], places: [], versions: [], validBefore: Number.POSITIVE_INFINITY };
  for (const { p, d } of reachable) {
    // The provider's own local day, from its upcoming slots kept per place
    // (../scheduling/place-slots.ts); `now` and free seats applied here.
    const day = dayBounds(q.date, p.timezone);
    if (day.to <= at) continue;
    found.places.push(p.id);
    found.versions.push(placeVersion(p.id));
    const upcoming = await upcomingSlots(db, p.id, now);
    if (upcoming.validUntil !== null) found.validBefore = Math.min(found.validBefore, Date.parse(upcoming.validUntil));
    const all = slotsBetween(upcoming.slots, day.from, day.to);
    const slots: BrowseSlot[] = [];
    let first = true;
    for (const s of all) {
      if (s.start_at < at) continue;
      // Once the first of them has started, it is no longer shown.
      if (first) found.validBefore = Math.min(found.validBefore, Date.parse(s.start_at) + 1);
      first = false;
      if (s.available >= 1)
        slots.push({ id: String(s.id), start: s.start_at, end: s.end_at, label: s.label, available: s.available });
    }
    if (slots.length === 0) continue;
    found.providers.push({
      id: p.code,
      name: p.name,
      type: p.kind as ProviderKind,
      address: p.address,
      location: { lat: p.lat!, lng: p.lng! },
      service_radius_km: p.service_radius_km ?? 0,
      distance_km: Math.round(d * 100) / 100,
      timezone: p.timezone,
      slots,
    });
  }
  return found;
}

export async function findProvider(db: Conn, code: string): Promise<Place | undefined> {
  return db
    .selectFrom('places')
    .selectAll()
    .where('code', '=', code)
    .where('kind', 'in', [...PROVIDER_KINDS])
    .executeTakeFirst();
}

/** Codes of the kids services a provider offers. */
export async function providerServices(db: Conn, placeId: number): Promise<string[]> {
  const rows = await db
    .selectFrom('place_offerings')
    .innerJoin('offerings', 'offerings.id', 'place_offerings.offering_id')
    .select('offerings.code')
    .where('place_offerings.place_id', '=', placeId)
    .where('offerings.kind', '=', KIDS_SERVICE)
    .orderBy('offerings.code')
    .execute();
  return rows.map((r) => r.code);
}
