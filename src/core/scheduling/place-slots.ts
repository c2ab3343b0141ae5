// Every upcoming slot of one place, with free seats, kept in this process per place: the read
// model that the availability answers (centre listings, a centre's time slots, kids /browse)
// are computed from without SQL once it is loaded (issue 11).
//
// An entry is one read taken at `readAt` of the place's slots starting at or after `readAt`,
// with the seats of their held bookings. It is exact for any later `now` (slots that have
// started since are dropped by the caller, see `slotsBetween`) until the earliest running
// hold among them runs out (`validUntil`), and it is served only while the place's version
// (./changes.ts, taken before the read) is current: in this process a read that starts after
// a booking, a cancellation or an import was acknowledged always sees it. Other processes'
// changes: see `availabilityTtl`.
//
// `warmUpcomingSlots` loads every place at start, a chunk of places per turn of the event
// loop, so that the first request for a place does not pay for its query.
import { iso } from '../../store/dialect.js';
import type { Conn, Db } from '../../store/index.js';
import { cacheNow, LoadsUnderWay, TtlCache } from '../shared/ttl-cache.js';
import type { SlotAvailability } from './availability.js';
import { foldSlotRows, SLOT_HOLD_COLUMNS, type SlotHoldRow, type Snapshot } from './cached-day-slots.js';
import { availabilityTtl, placeVersion } from './changes.js';
import { countCache } from '../shared/cache-stats.js';

/** How long an entry may hide another process's bookings where they cannot be watched. */
export const PLACE_SLOTS_TTL_MS = 1000;
/** Places kept at once (the India scale has 100,000 centres). */
const MAX_PLACES = 150_000;

/** One database's kept places, and the reads of places under way. */
interface Kept {
  cache: TtlCache<number, Snapshot>;
  /**
   * Reads under way, by place (one read takes several places in one query): a miss waits for
   * one at the same version, begun within the time to live (../shared/ttl-cache.ts), and
   * reading at an instant (the extra) no later than its own: after a booking at a popular
   * place every request for it misses at once (the rush).
   */
  readings: LoadsUnderWay<number, Map<number, Snapshot>, string>;
}

const keptByDb = new WeakMap<object, Kept>();

function keptOf(db: Conn): Kept {
  let kept = keptByDb.get(db);
  if (!kept) {
    const cache = new TtlCache<number, Snapshot>(() => availabilityTtl(PLACE_SLOTS_TTL_MS), MAX_PLACES);
    kept = { cache, readings: new LoadsUnderWay(cache) };
    keptByDb.set(db, kept);
  }
  return kept;
}

async function readPlaces(db: Conn, placeIds: number[], readAt: string): Promise<Map<number, Snapshot>> {
  const rows: SlotHoldRow[] = await db
    .selectFrom('slots')
    .leftJoin('bookings as hb', (j) => j.onRef('hb.slot_id', '=', 'slots.id').on('hb.status', '=', 'held'))
    .select(SLOT_HOLD_COLUMNS)
    .where('slots.place_id', 'in', placeIds)
    .where('slots.start_at', '>=', readAt)
    .orderBy('slots.place_id')
    .orderBy('slots.start_at')
    .orderBy('slots.id')
    .execute();
  const byPlace = new Map<number, SlotHoldRow[]>(placeIds.map((id) => [id, []]));
  for (const r of rows) byPlace.get(r.place_id)?.push(r);
  const out = new Map<number, Snapshot>();
  for (const [id, placeRows] of byPlace) out.set(id, foldSlotRows(placeRows, readAt));
  return out;
}

const fresh = (s: Snapshot, at: string) => s.readAt <= at && (s.validUntil === null || at < s.validUntil);

/** A place's upcoming slots, and until when their free seats stay exact (null: until a change). */
export interface PlaceSlots {
  slots: readonly SlotAvailability[];
  validUntil: string | null;
}

/**
 * The place's slots starting at or after a recent instant, ordered by start then id, with free
 * seats as of `now`. Slots that started before `now` may be included: take the window you need
 * with {@link slotsBetween}. Do not mutate the result. Inside a transaction nothing is cached.
 */
export async function upcomingSlots(db: Conn, placeId: number, now: Date): Promise<PlaceSlots> {
  return (await upcomingSlotsOf(db, [placeId], now)).get(placeId)!;
}

/**
 * {@link upcomingSlots} of several places at once: those not kept (or no longer current) are
 * read in one query together, not one query each.
 */
export async function upcomingSlotsOf(
  db: Conn,
  placeIds: readonly number[],
  now: Date,
): Promise<Map<number, PlaceSlots>> {
  const at = iso(now);
  if (db.isTransaction) return readPlaces(db, [...placeIds], at);
  const kept = keptOf(db);
  const { cache, readings } = kept;
  const out = new Map<number, PlaceSlots>();
  const missing: number[] = [];
  const versions = new Map<number, number>();
  for (const id of placeIds) {
    const version = placeVersion(id);
    const hit = cache.get(id, version);
    if (hit && fresh(hit, at)) out.set(id, hit);
    else {
      missing.push(id);
      versions.set(id, version);
    }
  }
  countCache('place_slots', true, out.size);
  countCache('place_slots', false, missing.length);
  if (missing.length === 0) return out;
  const toRead: number[] = [];
  const joined: [number, Promise<Map<number, Snapshot>>][] = [];
  for (const id of missing) {
    const r = readings.joinable(id, versions.get(id)!);
    if (r && r.extra <= at) joined.push([id, r.value]);
    else toRead.push(id);
  }
  if (toRead.length > 0) await readOwn(db, kept, toRead, versions, at, out);
  const late: number[] = [];
  for (const [id, snapshots] of joined) {
    const snap = (await snapshots).get(id)!;
    if (fresh(snap, at)) out.set(id, snap);
    else late.push(id); // a hold among them ran out before `at`: read again
  }
  if (late.length > 0) await readOwn(db, kept, late, versions, at, out);
  return out;
}

/** Read `ids` at `at`, announced in `readings` while under way, and keep each under its version. */
async function readOwn(
  db: Conn,
  { cache, readings }: Kept,
  ids: number[],
  versions: Map<number, number>,
  at: string,
  out: Map<number, PlaceSlots>,
): Promise<void> {
  const started = cacheNow();
  const versionOf = (id: number) => versions.get(id)!;
  for (const [id, snap] of await readings.track(ids, versionOf, started, at, readPlaces(db, ids, at))) {
    cache.set(id, snap, versionOf(id), started);
    out.set(id, snap);
  }
}

/**
 * {@link upcomingSlots} when the place's entry is kept and current, without reading anything
 * (and without counting: the caller counts what it used); undefined when it would be read.
 */
export function keptUpcomingSlots(db: Conn, placeId: number, now: Date): PlaceSlots | undefined {
  if (db.isTransaction) return undefined;
  const hit = keptByDb.get(db)?.cache.get(placeId, placeVersion(placeId));
  return hit && fresh(hit, iso(now)) ? hit : undefined;
}

/** The slots (sorted by start) starting in [from, to): ISO instants. */
export function slotsBetween(
  slots: readonly SlotAvailability[],
  from: string,
  to: string,
): readonly SlotAvailability[] {
  const first = firstAtOrAfter(slots, from);
  const end = firstAtOrAfter(slots, to);
  return first === 0 && end === slots.length ? slots : slots.slice(first, end);
}

function firstAtOrAfter(slots: readonly SlotAvailability[], at: string): number {
  let lo = 0;
  let hi = slots.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (slots[mid].start_at < at) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Load the upcoming slots of `placeIds` into the cache, `chunk` places per turn of the event
 * loop (each chunk one query), until done or `stopped()`. Returns the places loaded.
 */
export async function warmUpcomingSlots(
  db: Db,
  placeIds: readonly number[],
  options: { now?: () => Date; chunk?: number; stopped?: () => boolean } = {},
): Promise<number> {
  const { cache } = keptOf(db);
  const chunk = options.chunk ?? 500;
  let loaded = 0;
  for (let i = 0; i < placeIds.length && loaded < MAX_PLACES; i += chunk) {
    if (options.stopped?.()) break;
    const ids = placeIds.slice(i, i + chunk);
    const versions = ids.map((id) => placeVersion(id));
    const started = cacheNow();
    const snaps = await readPlaces(db, ids, iso(options.now?.() ?? new Date()));
    ids.forEach((id, k) => {
      // A request may have loaded a newer read meanwhile: keep the one that is current.
      if (cache.get(id, versions[k]) === undefined) cache.set(id, snaps.get(id)!, versions[k], started);
    });
    loaded += ids.length;
    await new Promise((r) => setImmediate(r));
  }
  return loaded;
}
