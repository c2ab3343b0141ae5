// The vaccines each centre gives (its `place_offerings` of kind vaccine), kept in this process
// per catalogue version: they change only with the catalogue (a facility sheet, an operator).
import type { Conn } from '../../store/index.js';
import { availabilityTtl, catalogueVersion } from '../scheduling/changes.js';
import { cacheNow, TtlCache } from '../shared/ttl-cache.js';

/** How long an entry may hide another process's catalogue change where it cannot be watched. */
const TTL_MS = 1000;
const MAX_CENTRES = 150_000;
const cachesByDb = new WeakMap<object, TtlCache<number, string[]>>();

function cacheOf(db: Conn): TtlCache<number, string[]> {
  let cache = cachesByDb.get(db);
  if (!cache) {
    cache = new TtlCache(() => availabilityTtl(TTL_MS), MAX_CENTRES);
    cachesByDb.set(db, cache);
  }
  return cache;
}

async function readVaccines(db: Conn, ids: readonly number[]): Promise<Map<number, string[]>> {
  const out = new Map<number, string[]>(ids.map((id) => [id, []]));
  if (ids.length === 0) return out;
  const rows = await db
    .selectFrom('place_offerings')
    .innerJoin('offerings', 'offerings.id', 'place_offerings.offering_id')
    .select(['place_offerings.place_id', 'offerings.name'])
    .where('place_offerings.place_id', 'in', ids)
    .where('offerings.kind', '=', 'vaccine')
    .orderBy('offerings.name')
    .execute();
  for (const v of rows) {
    const names = out.get(v.place_id)!;
    if (!names.includes(v.name)) names.push(v.name);
  }
  return out;
}

/** Each centre's vaccine names, sorted. Do not mutate the lists. */
export async function vaccinesOf(db: Conn, ids: readonly number[]): Promise<Map<number, string[]>> {
  if (db.isTransaction) return readVaccines(db, ids);
  const cache = cacheOf(db);
  const version = catalogueVersion();
  const out = new Map<number, string[]>();
  const missing: number[] = [];
  for (const id of ids) {
    const hit = cache.get(id, version);
    if (hit) out.set(id, hit);
    else missing.push(id);
  }
  if (missing.length === 0) return out;
  const started = cacheNow();
  for (const [id, names] of await readVaccines(db, missing)) {
    cache.set(id, names, version, started);
    out.set(id, names);
  }
  return out;
}

/** Load the vaccines of `ids` into the cache in one query per `chunk` centres. */
export async function warmVaccines(db: Conn, ids: readonly number[], chunk = 5000): Promise<void> {
  for (let i = 0; i < ids.length; i += chunk) {
    await vaccinesOf(db, ids.slice(i, i + chunk));
    await new Promise((r) => setImmediate(r)); // requests are answered between chunks
  }
}
