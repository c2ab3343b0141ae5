// The SMART Scheduling Links open availability feed (issue 14), as files: one of Locations,
// one of Schedules, and one of Slots per state (vaccination centres) plus one for the kids
// vaccination providers. Built from the in-process read model (./place-slots.ts) and kept per
// file until what it shows can have changed, so repeated downloads cost a version check:
// - the places and what they offer: per catalogue version (./changes.ts);
// - a slot file: per catalogue version and its places' seat versions, and only until the
//   earliest running hold among them runs out or its earliest slot starts (started slots
//   leave the feed), whichever comes first;
// - where other processes' commits cannot be watched or heard (PostgreSQL while its change
//   listener is down): at most PLACE_SLOTS_TTL_MS.
// A file's ETag is a hash of its bytes and its Last-Modified the time those bytes first
// appeared, so a rebuild that changes nothing keeps both.
import { createHash } from 'node:crypto';
import { iso } from '../../store/dialect.js';
import type { Conn } from '../../store/index.js';
import { cached, cacheNow, TtlCache } from '../shared/ttl-cache.js';
import { availabilityTtl, catalogueVersion, seatVersionSum } from './changes.js';
import { placesWithGeography } from './place-geography.js';
import { PLACE_SLOTS_TTL_MS, slotsBetween, upcomingSlotsOf } from './place-slots.js';
import { type FeedPlace, locationOf, schedulesOf, slotsOf } from './smart-resources.js';

const FEED_KINDS = ['vaccination_centre', 'clinic', 'home_visit'] as const;
/** The slot file of the kids vaccination providers (they have no Indian state). */
export const KIDS_GROUP = 'kids-providers';
const NO_STATE = 'no-state';
const END_OF_TIME = '9999-12-31T23:59:59.999Z';

/** A slot file's places: the centres of one state, or the kids providers. */
export interface FeedGroup {
  key: string;
  state: string | null;
  placeIds: number[];
}

interface Directory {
  places: Map<number, FeedPlace>;
  groups: FeedGroup[];
}

export type FeedFileName = 'locations' | 'schedules' | `slots/${string}`;

export interface FeedFile {
  name: FeedFileName;
  /** NDJSON in UTF-8: one minified resource per line (bytes, so serving it encodes nothing). */
  body: Buffer;
  resources: number;
  /** A strong ETag, quoted: a hash of the body. */
  etag: string;
  /** When these bytes first appeared (whole seconds, epoch ms). */
  lastModified: number;
}

interface Built extends FeedFile {
  version: string;
  readAt: string;
  validUntil: string | null;
  at: number;
}

const slug = (s: string) =>
  s
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '') || NO_STATE;

async function readDirectory(db: Conn): Promise<Directory> {
  const rows = await placesWithGeography(db)
    .select([
      'places.id',
      'places.kind',
      'places.name',
      'places.address',
      'places.pincode',
      'places.locality',
      'places.lat',
      'places.lng',
    ])
    .where('places.kind', 'in', FEED_KINDS)
    .where('places.active', '=', 1)
    .orderBy('places.id')
    .execute();
  const offered = await db
    .selectFrom('place_offerings')
    .innerJoin('offerings', 'offerings.id', 'place_offerings.offering_id')
    .innerJoin('places', 'places.id', 'place_offerings.place_id')
    .select(['place_offerings.place_id', 'offerings.id', 'offerings.name'])
    .where('places.kind', 'in', FEED_KINDS)
    .where('places.active', '=', 1)
    .where('offerings.active', '=', 1)
    .orderBy('place_offerings.place_id')
    .orderBy('offerings.id')
    .execute();
  const places = new Map<number, FeedPlace>(
    rows.map((r) => [r.id, { ...r, kind: r.kind as FeedPlace['kind'], offerings: [] }]),
  );
  for (const o of offered) places.get(o.place_id)?.offerings.push({ id: o.id, name: o.name });
  const groups = new Map<string, FeedGroup>();
  for (const p of places.values()) {
    const state = p.kind === 'vaccination_centre' ? p.state_name : null;
    const key = p.kind === 'vaccination_centre' ? (state ? slug(state) : NO_STATE) : KIDS_GROUP;
    const g = groups.get(key) ?? { key, state, placeIds: [] };
    g.placeIds.push(p.id);
    groups.set(key, g);
  }
  return { places, groups: [...groups.values()].sort((a, b) => a.key.localeCompare(b.key)) };
}

const directories = new WeakMap<object, TtlCache<string, Directory>>();
const files = new WeakMap<object, Map<string, Built>>();

async function directory(db: Conn): Promise<Directory> {
  let cache = directories.get(db);
  if (!cache) {
    cache = new TtlCache(() => availabilityTtl(PLACE_SLOTS_TTL_MS), 1);
    directories.set(db, cache);
  }
  return cached(cache, 'all', catalogueVersion, () => readDirectory(db));
}

/** The slot files there are now, by group. */
export async function feedGroups(db: Conn): Promise<readonly FeedGroup[]> {
  return (await directory(db)).groups;
}

const ndjson = (resources: Record<string, unknown>[]) => resources.map((r) => `${JSON.stringify(r)}\n`).join('');

async function build(
  db: Conn,
  dir: Directory,
  name: FeedFileName,
  now: Date,
): Promise<{ resources: Record<string, unknown>[]; validUntil: string | null }> {
  const all = [...dir.places.values()];
  if (name === 'locations') return { resources: all.map(locationOf), validUntil: null };
  if (name === 'schedules') return { resources: all.flatMap(schedulesOf), validUntil: null };
  const group = dir.groups.find((g) => `slots/${g.key}` === name)!;
  const snaps = await upcomingSlotsOf(db, group.placeIds, now);
  // Slots that start after `now`: the file is exact until the first of them starts.
  const after = iso(new Date(now.getTime() + 1));
  let validUntil: string | null = null;
  const earlier = (t: string | null) => {
    if (t !== null && (validUntil === null || t < validUntil)) validUntil = t;
  };
  const resources: Record<string, unknown>[] = [];
  for (const id of group.placeIds) {
    const snap = snaps.get(id)!;
    earlier(snap.validUntil);
    const upcoming = slotsBetween(snap.slots, after, END_OF_TIME);
    if (upcoming.length > 0) earlier(upcoming[0].start_at);
    const place = dir.places.get(id)!;
    for (const s of upcoming) resources.push(...slotsOf(place, s));
  }
  return { resources, validUntil };
}

/**
 * A feed file as of `now`, or undefined when there is no such file. Served from memory while
 * nothing it shows can have changed (see the top of this file).
 */
export async function feedFile(db: Conn, name: FeedFileName, now: Date): Promise<FeedFile | undefined> {
  const dir = await directory(db);
  const group = name.startsWith('slots/') ? dir.groups.find((g) => `slots/${g.key}` === name) : undefined;
  if (name !== 'locations' && name !== 'schedules' && group === undefined) return undefined;
  const version = `${catalogueVersion()}:${group ? seatVersionSum(group.placeIds) : ''}`;
  let kept = files.get(db);
  if (!kept) {
    kept = new Map();
    files.set(db, kept);
  }
  const at = iso(now);
  const old = kept.get(name);
  const fresh =
    old !== undefined &&
    old.version === version &&
    old.readAt <= at &&
    (old.validUntil === null || at < old.validUntil) &&
    cacheNow() - old.at < availabilityTtl(PLACE_SLOTS_TTL_MS);
  if (fresh) return old;
  const started = cacheNow();
  const { resources, validUntil } = await build(db, dir, name, now);
  const body = Buffer.from(ndjson(resources));
  const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 32)}"`;
  const same = old !== undefined && old.etag === etag;
  const lastModified = same ? old.lastModified : Math.floor(now.getTime() / 1000) * 1000;
  const built: Built = {
    name,
    body,
    resources: resources.length,
    etag,
    lastModified,
    version,
    readAt: at,
    validUntil,
    at: started,
  };
  kept.set(name, built);
  return built;
}

/** Every file of the feed, current as of `now` (each built only if it may have changed). */
export async function feedFiles(db: Conn, now: Date): Promise<{ file: FeedFile; group?: FeedGroup }[]> {
  const out: { file: FeedFile; group?: FeedGroup }[] = [];
  for (const name of ['locations', 'schedules'] as const) out.push({ file: (await feedFile(db, name, now))! });
  for (const group of await feedGroups(db)) {
    const file = await feedFile(db, `slots/${group.key}`, now);
    if (file) out.push({ file, group });
  }
  return out;
}
