// The vaccines (offerings of kind 'vaccine') with what a session listing shows about them:
// name, age range and price. Read-mostly: cached per store until the catalogue changes.
import type { Conn } from '../../store/index.js';
import { availabilityTtl, catalogueVersion } from '../scheduling/changes.js';
import { cached, TtlCache } from '../shared/ttl-cache.js';

export interface Vaccine {
  id: number;
  name: string;
  min_age_months: number | null;
  max_age_months: number | null;
  /** Price in minor units (paise); null or 0 is free. */
  price_minor: number | null;
}

const caches = new WeakMap<object, TtlCache<string, Map<number, Vaccine>>>();

/** Every vaccine by id. `ttlMs` bounds how long another process's catalogue change can go unseen. */
export async function vaccinesById(db: Conn, ttlMs: number): Promise<Map<number, Vaccine>> {
  let cache = caches.get(db);
  if (!cache) {
    cache = new TtlCache(() => availabilityTtl(ttlMs), 1);
    caches.set(db, cache);
  }
  return cached(cache, 'all', catalogueVersion, async () => {
    const rows = await db
      .selectFrom('offerings')
      .select(['id', 'name', 'min_age_months', 'max_age_months', 'price_minor'])
      .where('kind', '=', 'vaccine')
      .execute();
    return new Map(rows.map((r) => [r.id, r]));
  });
}

/** {@link vaccinesById} when kept and current, without reading anything; undefined when it would be read. */
export function keptVaccines(db: Conn): Map<number, Vaccine> | undefined {
  return caches.get(db)?.get('all', catalogueVersion());
}

/** The vaccine (offering) of each of these slots. */
export async function slotVaccines(db: Conn, slotIds: number[]): Promise<Map<number, number | null>> {
  if (slotIds.length === 0) return new Map();
  const rows = await db.selectFrom('slots').select(['id', 'offering_id']).where('id', 'in', slotIds).execute();
  return new Map(rows.map((r) => [r.id, r.offering_id]));
}
