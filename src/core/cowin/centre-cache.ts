// Read caches for the centre searches and a centre's time slots (issue 11): each answer is
// rendered once (by the caller, e.g. to its JSON text), kept as the bytes sent
// (../shared/answer-bytes.ts) and reused while it is still right.
//
// - A listing (by pincode, block or district) depends on the catalogue only (centres, their
//   vaccines, upcoming sessions and capacities), not on seats: it is keyed on
//   `catalogueVersion()`, and holds until its first upcoming session starts (then that session
//   leaves "from now on", and with it perhaps a time, the last date or the daily capacity).
// - A centre's time slots depend on its seats too: keyed on `placeVersion(centre)` (which also
//   changes with the catalogue), and held until the first listed slot starts or the next hold
//   at the centre runs out (its seats then count as free), whichever comes first.
// The versions are taken before the database is read, so in this process a read that starts
// after a booking, a cancellation or an import was committed always shows it. Changes made by
// another process (a second server, the CLI's import) show once they are heard of (SQLite:
// data_version; PostgreSQL: its change notice), within `ttlMs` (READ_CACHE_MS) where they
// cannot be (see `availabilityTtl`).
import { answerBytes, keptWeight } from '../shared/answer-bytes.js';
import type { Conn } from '../../store/index.js';
import { iso } from '../../store/dialect.js';
import type { SlotAvailability } from '../scheduling/availability.js';
import { availabilityTtl, catalogueVersion, placeVersion } from '../scheduling/changes.js';
import { countCache } from '../shared/cache-stats.js';
import { cacheNow, TtlCache } from '../shared/ttl-cache.js';
import { keptUpcomingSlots, type PlaceSlots, slotsBetween, upcomingSlots } from '../scheduling/place-slots.js';
import { dayBounds } from '../shared/time.js';
import { inTimeSlices } from '../shared/time-slices.js';
import { centresWhere, filterKey, keptCentresWhere } from './centre-directory.js';
import { summariseCentres, type Centre, type CentreFilter, type CentreSummary } from './centres.js';

interface Rendered {
  /** The answer as sent (../shared/answer-bytes.ts). */
  bytes: Buffer;
  /** Epoch ms from which the answer may have changed with time alone. */
  validBefore: number;
}

/** Listings kept per cache (one per pincode, block, district or id list asked for). */
const LISTINGS_KEPT = 50_000;
/**
 * Time-slot answers kept at most (one per centre and date range asked for); their bytes are
 * bounded too (the constructor's `answerBytes`). India scale asks for 100,000 centres' (about
 * 700 MB), which a bound of 50,000 entries halved (docs/performance.md, thirty-second pass).
 */
const TIME_SLOTS_KEPT = 1_000_000;
const weigh = (r: Rendered) => keptWeight(r.bytes);

const until = (iso: string | null | undefined) => (iso ? Date.parse(iso) : Number.POSITIVE_INFINITY);

/** A centre's sessions between two local dates (YYYY-MM-DD), free seats as of `now`. */
export async function centreTimeSlots(
  db: Conn,
  centreId: number,
  from: string,
  to: string,
  now: Date,
): Promise<{ centre: Centre | undefined; slots: SlotAvailability[]; validUntil: string | null }> {
  const [centre] = await centresWhere(db, { ids: [centreId] });
  if (!centre) return { centre, slots: [], validUntil: null };
  return windowOf(centre, await upcomingSlots(db, centre.id, now), from, to, now);
}

/**
 * {@link centreTimeSlots} from what is kept in memory and current, without reading anything;
 * undefined when the centre or its slots would have to be read.
 */
function keptCentreTimeSlots(
  db: Conn,
  centreId: number,
  from: string,
  to: string,
  now: Date,
): TimeSlotsRead | undefined {
  const centres = keptCentresWhere(db, { ids: [centreId] });
  if (centres === undefined) return undefined;
  const [centre] = centres;
  if (!centre) return { centre, slots: [], validUntil: null };
  const upcoming = keptUpcomingSlots(db, centre.id, now);
  return upcoming && windowOf(centre, upcoming, from, to, now);
}

type TimeSlotsRead = Awaited<ReturnType<typeof centreTimeSlots>>;

function windowOf(centre: Centre, upcoming: PlaceSlots, from: string, to: string, now: Date): TimeSlotsRead {
  const start = dayBounds(from, centre.timezone).from;
  const at = iso(now);
  const window = slotsBetween(upcoming.slots, start > at ? start : at, dayBounds(to, centre.timezone).to);
  return { centre, slots: window.filter((s) => s.practitioner_id === null), validUntil: upcoming.validUntil };
}

export class CentreCache {
  private readonly listings: TtlCache<string, Rendered>;
  private readonly timeSlots: TtlCache<string, Rendered>;

  constructor(
    private readonly db: Conn,
    private readonly ttlMs: number,
    /** About the most bytes of time-slot answers kept (the config's ANSWER_CACHE_MB). */
    answerBytes: number,
  ) {
    // Room for every pincode, block and district that lists a centre (about 25,000 at India
    // scale), so the listings rendered at start (`prerender`) are all kept.
    this.listings = new TtlCache(() => availabilityTtl(ttlMs), LISTINGS_KEPT);
    this.timeSlots = new TtlCache(() => availabilityTtl(ttlMs), TIME_SLOTS_KEPT, { weigh, maxWeight: answerBytes });
  }

  /** The centres of a pincode, block or district, rendered by `render`. */
  async listing(
    filter: CentreFilter,
    render: (centres: Centre[], summaries: Map<number, CentreSummary>) => string,
    now: Date = new Date(),
  ): Promise<Buffer> {
    const key = filterKey(filter);
    const version = catalogueVersion();
    const readAt = cacheNow();
    const kept = this.keptListing(key, version, now);
    countCache('centre_listing', kept !== undefined);
    if (kept !== undefined) return kept;
    const centres = await centresWhere(this.db, filter, this.ttlMs);
    const summaries = await summariseCentres(this.db, centres, now);
    const bytes = answerBytes(render(centres, summaries));
    let validBefore = Number.POSITIVE_INFINITY;
    for (const s of summaries.values()) validBefore = Math.min(validBefore, until(s.nextStart));
    this.listings.set(key, { bytes, validBefore }, version, readAt);
    return bytes;
  }

  /** A centre's sessions between two local dates (YYYY-MM-DD), rendered by `render`. */
  async timeSlotsOf(
    centreId: number,
    from: string,
    to: string,
    render: (centre: Centre | undefined, slots: SlotAvailability[]) => string,
    now: Date = new Date(),
  ): Promise<Buffer> {
    const key = `${centreId}|${from}|${to}`;
    const version = placeVersion(centreId);
    const readAt = cacheNow();
    const kept = this.keptTimeSlots(key, version, now);
    countCache('centre_time_slots', kept !== undefined);
    if (kept !== undefined) return kept;
    return this.keepTimeSlots(key, await centreTimeSlots(this.db, centreId, from, to, now), render, version, readAt);
  }

  /**
   * What `timeSlotsOf` gives now, without waiting on anything: the kept answer, or one rendered
   * from the centre and its slots kept in memory, kept as `timeSlotsOf` keeps it. Undefined,
   * with nothing kept or counted, when something would have to be read (for the read path
   * around Fastify, api/fast-reads.ts).
   */
  renderKeptTimeSlots(
    centreId: number,
    from: string,
    to: string,
    render: (centre: Centre | undefined, slots: SlotAvailability[]) => string,
    now: Date = new Date(),
  ): Buffer | undefined {
    const key = `${centreId}|${from}|${to}`;
    const version = placeVersion(centreId);
    const readAt = cacheNow();
    const kept = this.keptTimeSlots(key, version, now);
    if (kept !== undefined) {
      countCache('centre_time_slots', true);
      return kept;
    }
    const read = keptCentreTimeSlots(this.db, centreId, from, to, now);
    if (read === undefined) return undefined;
    // Counted as `timeSlotsOf` counts: the centre's slots were a hit (when it has any), the answer a miss.
    if (read.centre) countCache('place_slots', true);
    countCache('centre_time_slots', false);
    return this.keepTimeSlots(key, read, render, version, readAt);
  }

  private keepTimeSlots(
    key: string,
    { centre, slots, validUntil }: TimeSlotsRead,
    render: (centre: Centre | undefined, slots: SlotAvailability[]) => string,
    version: number,
    readAt: number,
  ): Buffer {
    const bytes = answerBytes(render(centre, slots));
    const validBefore = Math.min(until(slots[0]?.start_at), until(validUntil));
    this.timeSlots.set(key, { bytes, validBefore }, version, readAt);
    return bytes;
  }

  /**
   * Render the listing of every filter in `filters` ahead of its first request, giving the
   * event loop back every few milliseconds (requests are answered meanwhile, see
   * ../shared/time-slices.ts); stops when `stopped()` says so. Each entry is kept and dropped
   * exactly as if a request had rendered it.
   */
  async prerender(
    filters: readonly CentreFilter[],
    render: (centres: Centre[], summaries: Map<number, CentreSummary>) => string,
    stopped: () => boolean = () => false,
  ): Promise<void> {
    await inTimeSlices(
      filters,
      async (f) => {
        await this.listing(f, render);
        return true;
      },
      { stopped },
    );
  }

  /**
   * The kept answer `listing` would give now, without reading anything; undefined if it would
   * read. A hit is counted unless `count` is false (the caller then counts it if it uses it).
   */
  peekListing(filter: CentreFilter, now: Date = new Date(), count = true): Buffer | undefined {
    const text = this.keptListing(filterKey(filter), catalogueVersion(), now);
    if (text !== undefined && count) countCache('centre_listing', true);
    return text;
  }

  private keptListing(key: string, version: number, now: Date): Buffer | undefined {
    const hit = this.listings.get(key, version);
    return hit !== undefined && now.getTime() < hit.validBefore ? hit.bytes : undefined;
  }

  private keptTimeSlots(key: string, version: number, now: Date): Buffer | undefined {
    const hit = this.timeSlots.get(key, version);
    return hit !== undefined && now.getTime() < hit.validBefore ? hit.bytes : undefined;
  }
}
