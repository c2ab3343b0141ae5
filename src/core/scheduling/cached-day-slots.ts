// The slots of one place or practitioner in one window (a local day), with free seats, cached
// in this process for the partner availability reads (kids /browse, video /slots).
//
// An entry is one query (slots left-joined with their held bookings) taken at an instant
// `readAt`, and it is exact for any later `now` until the earliest still-running hold among
// them runs out (`validUntil`: from then on that hold's seats count as free again, or the
// booking may have been confirmed in between, so the entry is read again). It is served only
// while the place's version (./changes.ts, read before the query) is unchanged, so in this
// process a read that starts after a booking or a cancellation was acknowledged always sees
// it; other processes' changes: see `availabilityTtl` (at most DAY_SLOTS_TTL_MS where they
// are neither watched nor heard).
import { iso } from '../../store/dialect.js';
import type { Conn } from '../../store/index.js';
import { TtlCache, cacheNow } from '../shared/ttl-cache.js';
import { SLOT_COLUMNS, type SlotAvailability } from './availability.js';
import { availabilityTtl, placeVersion } from './changes.js';

/** How long a cached day of slots may hide another process's bookings. */
export const DAY_SLOTS_TTL_MS = 1000;
const MAX_ENTRIES = 20_000;

export interface Snapshot {
  readAt: string;
  validUntil: string | null;
  slots: SlotAvailability[];
}

const cachesByDb = new WeakMap<object, TtlCache<string, Snapshot>>();

export interface DaySlotsQuery {
  /** The place whose version guards the entry: every slot read must be at this place. */
  placeId: number;
  /** Only this practitioner's slots (else every slot of the place). */
  practitionerId?: number;
  /** ISO instants: slots starting in [from, to). */
  from: string;
  to: string;
}

/** A slot row with one of its held bookings (if any), as the snapshot queries return them. */
export interface SlotHoldRow extends Omit<SlotAvailability, 'available'> {
  booked: number;
  hold_seats: number | null;
  hold_until: string | null;
}

/** The columns of {@link SlotHoldRow}, on `slots` left-joined with its held bookings as `hb`. */
export const SLOT_HOLD_COLUMNS = [
  ...SLOT_COLUMNS,
  'slots.booked',
  'hb.seats as hold_seats',
  'hb.hold_expires_at as hold_until',
] as const;

/**
 * One copy of each instant and label string: every centre's sessions start at the same few
 * times, so the read model of 5.6 million slots (the India scale) holds a few hundred distinct
 * strings instead of eleven million copies the collector would have to walk.
 */
const interned = new Map<string, string>();
function intern(s: string): string {
  const hit = interned.get(s);
  if (hit !== undefined) return hit;
  if (interned.size >= 100_000) interned.clear();
  interned.set(s, s);
  return s;
}

/**
 * Fold rows of slots with their held bookings (a slot's rows together) into slots with free
 * seats as of `readAt`, and the instant until which that stays exact (`validUntil`).
 */
export function foldSlotRows(rows: Iterable<SlotHoldRow>, readAt: string): Snapshot {
  const slots: SlotAvailability[] = [];
  let validUntil: string | null = null;
  let last: SlotAvailability | undefined;
  for (const r of rows) {
    if (!last || last.id !== r.id) {
      last = {
        id: r.id,
        place_id: r.place_id,
        offering_id: r.offering_id,
        practitioner_id: r.practitioner_id,
        start_at: intern(r.start_at),
        end_at: intern(r.end_at),
        label: r.label === null ? null : intern(r.label),
        capacity: r.capacity,
        available: r.capacity - r.booked,
      };
      slots.push(last);
    }
    // The same rule as freeSeatsSql: a hold that has run out gives its seats back.
    if (r.hold_seats !== null && r.hold_until !== null) {
      if (r.hold_until <= readAt) last.available += Number(r.hold_seats);
      else if (validUntil === null || r.hold_until < validUntil) validUntil = r.hold_until;
    }
  }
  return { readAt, validUntil, slots };
}

async function read(db: Conn, q: DaySlotsQuery, readAt: string): Promise<Snapshot> {
  let query = db
    .selectFrom('slots')
    .leftJoin('bookings as hb', (j) => j.onRef('hb.slot_id', '=', 'slots.id').on('hb.status', '=', 'held'))
    .select(SLOT_HOLD_COLUMNS)
    .where('slots.start_at', '>=', q.from)
    .where('slots.start_at', '<', q.to);
  query =
    q.practitionerId === undefined
      ? query.where('slots.place_id', '=', q.placeId)
      : query.where('slots.practitioner_id', '=', q.practitionerId);
  return foldSlotRows(await query.orderBy('slots.start_at').orderBy('slots.id').execute(), readAt);
}

function cacheOf(db: Conn): TtlCache<string, Snapshot> {
  let cache = cachesByDb.get(db);
  if (!cache) {
    cache = new TtlCache(() => availabilityTtl(DAY_SLOTS_TTL_MS), MAX_ENTRIES);
    cachesByDb.set(db, cache);
  }
  return cache;
}

const keyOf = (q: DaySlotsQuery) => `${q.placeId}|${q.practitionerId ?? ''}|${q.from}|${q.to}`;

/** The kept entry's slots if it is exact at `at` (an ISO instant) and its place is unchanged. */
function hitOf(
  cache: TtlCache<string, Snapshot>,
  q: DaySlotsQuery,
  at: string,
): readonly SlotAvailability[] | undefined {
  const hit = cache.get(keyOf(q), placeVersion(q.placeId));
  return hit && hit.readAt <= at && (hit.validUntil === null || at < hit.validUntil) ? hit.slots : undefined;
}

/**
 * Every slot of the window with its free seats as of `now` (including full ones), ordered by
 * start then id. Do not mutate the result. Inside a transaction nothing is cached.
 */
export async function daySlots(db: Conn, q: DaySlotsQuery, now: Date): Promise<readonly SlotAvailability[]> {
  const at = iso(now);
  if (db.isTransaction) return (await read(db, q, at)).slots;
  const cache = cacheOf(db);
  const version = placeVersion(q.placeId);
  const hit = hitOf(cache, q, at);
  if (hit) return hit;
  const started = cacheNow();
  const snap = await read(db, q, at);
  // Slots of another place (a doctor moved clinics) are not guarded by this version: no caching.
  if (snap.slots.every((s) => s.place_id === q.placeId)) cache.set(keyOf(q), snap, version, started);
  return snap.slots;
}

/** What {@link daySlots} would answer from its cache now, or undefined when it would read (no I/O). */
export function keptDaySlots(db: Conn, q: DaySlotsQuery, now: Date): readonly SlotAvailability[] | undefined {
  if (db.isTransaction) return undefined;
  return hitOf(cacheOf(db), q, iso(now));
}
