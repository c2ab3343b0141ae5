// Which centres a pincode, block or district has (with their rows), kept in this process per
// catalogue version, and the start-up load of every centre's listing data (issue 11).
//
// A listing changes only with the catalogue (a facility sheet, an operator's edit), never with
// seats, so an entry lives until `catalogueVersion()` moves (or, where other processes' commits
// cannot be watched or heard, e.g. while PostgreSQL's change listener is down, for READ_CACHE_MS). `warmCentreReads` reads every vaccination centre once
// at start and fills these entries for every pincode, block, district and centre id, then each
// centre's vaccines and upcoming slots: the first request for any of them runs no SQL.
import type { Conn, Db } from '../../store/index.js';
import { availabilityTtl, catalogueVersion } from '../scheduling/changes.js';
import { warmUpcomingSlots } from '../scheduling/place-slots.js';
import { cacheNow, TtlCache } from '../shared/ttl-cache.js';
import { type Centre, type CentreFilter, findCentres, MAX_CENTRES } from './centres.js';
import { warmVaccines } from './centre-vaccines.js';

const TTL_MS = 1000;
const MAX_KEYS = 300_000;
const cachesByDb = new WeakMap<object, TtlCache<string, Centre[]>>();

function cacheOf(db: Conn, ttlMs: number): TtlCache<string, Centre[]> {
  let cache = cachesByDb.get(db);
  if (!cache) {
    cache = new TtlCache(() => availabilityTtl(ttlMs), MAX_KEYS);
    cachesByDb.set(db, cache);
  }
  return cache;
}

/** The cache key of a filter (also the listing cache's). */
export function filterKey(f: CentreFilter): string {
  return `${f.pincode ?? ''}|${f.blockId ?? ''}|${f.districtId ?? ''}|${f.ids?.join(',') ?? ''}`;
}

/** `findCentres(db, f)`, kept per catalogue version. Do not mutate the result. */
export async function centresWhere(db: Conn, f: CentreFilter, ttlMs = TTL_MS): Promise<Centre[]> {
  if (db.isTransaction) return findCentres(db, f);
  const cache = cacheOf(db, ttlMs);
  const key = filterKey(f);
  const version = catalogueVersion();
  const hit = cache.get(key, version);
  if (hit) return hit;
  const started = cacheNow();
  const centres = await findCentres(db, f);
  cache.set(key, centres, version, started);
  return centres;
}

/** {@link centresWhere} when kept and current, without reading anything; undefined when it would be read. */
export function keptCentresWhere(db: Conn, f: CentreFilter): Centre[] | undefined {
  if (db.isTransaction) return undefined;
  return cachesByDb.get(db)?.get(filterKey(f), catalogueVersion());
}

/** Centres read per turn of the event loop while warming (100,000 at India scale). */
const WARM_CHUNK = 2000;

const nextTurn = () => new Promise((r) => setImmediate(r));

/**
 * Every active vaccination centre, ordered as `findCentres` orders them (name, then id, in
 * SQLite's binary order: UTF-8 bytes), read a chunk of ids per turn of the event loop so that
 * requests keep being answered meanwhile (one query for all took seconds at India scale).
 */
async function allCentres(db: Db, chunk: number, stopped?: () => boolean): Promise<Centre[]> {
  const ids = (
    await db
      .selectFrom('places')
      .select('id')
      .where('kind', '=', 'vaccination_centre')
      .where('active', '=', 1)
      .orderBy('id')
      .execute()
  ).map((r) => r.id);
  const all: Centre[] = [];
  for (let i = 0; i < ids.length && !stopped?.(); i += chunk) {
    for (const c of await findCentres(db, { ids: ids.slice(i, i + chunk) }, Number.POSITIVE_INFINITY)) all.push(c);
    await nextTurn();
  }
  const keys = new Map(all.map((c) => [c.id, Buffer.from(c.name)]));
  return all.sort((a, b) => Buffer.compare(keys.get(a.id)!, keys.get(b.id)!) || a.id - b.id);
}

/**
 * Read every vaccination centre once and fill the listing data of every pincode, block,
 * district and centre: their rows, then vaccines, then upcoming slots (a chunk per turn of the
 * event loop). Stops early when `stopped()` says so. Returns the number of centres and the
 * pincode, block and district filters that list at least one (for pre-rendering listings).
 */
export async function warmCentreReads(
  db: Db,
  options: { ttlMs?: number; stopped?: () => boolean; chunk?: number } = {},
): Promise<{ centres: number; filters: CentreFilter[] }> {
  const cache = cacheOf(db, options.ttlMs ?? TTL_MS);
  const chunk = options.chunk ?? WARM_CHUNK;
  const version = catalogueVersion();
  const started = cacheNow();
  const all = await allCentres(db, chunk, options.stopped);
  if (options.stopped?.()) return { centres: 0, filters: [] }; // a partial read must not stand for whole listings
  const groups = new Map<string, Centre[]>();
  const filters: CentreFilter[] = [];
  const add = (f: CentreFilter, c: Centre) => {
    const key = filterKey(f);
    let list = groups.get(key);
    if (!list) {
      list = [];
      groups.set(key, list);
      if (f.ids === undefined) filters.push(f);
    }
    if (list.length < MAX_CENTRES) list.push(c);
  };
  // `all` is ordered by name then id, as each filter's own query is.
  for (const c of all) {
    if (c.pincode !== null) add({ pincode: c.pincode }, c);
    if (c.block_id !== null) add({ blockId: c.block_id }, c);
    if (c.district_id !== null) add({ districtId: c.district_id }, c);
    add({ ids: [c.id] }, c);
  }
  for (const [key, list] of groups) if (cache.get(key, version) === undefined) cache.set(key, list, version, started);
  const ids = all.map((c) => c.id);
  await warmVaccines(db, ids, chunk);
  await warmUpcomingSlots(db, ids, { stopped: options.stopped, chunk: 200 });
  return { centres: all.length, filters };
}
