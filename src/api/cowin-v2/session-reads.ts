// The v2 session and calendar reads, on the same core reads and caches as v1's centre search:
// the centres of a pincode or district come from core/cowin/centre-cache.ts's `listing` (v1's
// findByPin/findByDistrict; one instance per dialect, because an entry is the dialect's own
// rendering), and each centre's seats from the place read model
// (core/scheduling/place-slots.ts: every upcoming slot of the centre, loaded at start on
// SQLite, read again after a booking at that centre, a catalogue change or a hold running
// out). A warm read runs no SQL at all.
//
// Whole answers are kept too, as the bytes sent (`rendered`), like v1's: an entry holds while
// the catalogue version and every listed centre's place version are the ones read before it
// was built, and until the first of its centres' next session starts or next hold runs out.
// They are bounded by bytes (ANSWER_CACHE_MB, by default a sixth of memory), and the public
// listings of the days ahead are rendered at start while there is room (`prerenderAnswers`,
// from ./sessions.ts).
import type { Conn } from '../../store/index.js';
import { CentreCache } from '../../core/cowin/centre-cache.js';
import { filterKey } from '../../core/cowin/centre-directory.js';
import type { Centre, CentreFilter, CentreSummary } from '../../core/cowin/centres.js';
import { keptVaccines, vaccinesById, type Vaccine } from '../../core/cowin/vaccines.js';
import type { SlotAvailability } from '../../core/scheduling/availability.js';
import { catalogueVersion, placeVersion } from '../../core/scheduling/changes.js';
import { KeptAnswers } from '../../core/scheduling/kept-answers.js';
import { keptUpcomingSlots, type PlaceSlots, slotsBetween, upcomingSlots } from '../../core/scheduling/place-slots.js';
import { countCache } from '../../core/shared/cache-stats.js';
import { inTimeSlices } from '../../core/shared/time-slices.js';
import { cacheNow } from '../../core/shared/ttl-cache.js';
import { addDays, dayBounds, iso, wallClock } from '../../core/shared/time.js';

/** A centre as every v2 listing starts it, in English (localised per request). */
export interface CentreHeader {
  id: number;
  name: string;
  address: string | null;
  state_name: string;
  district_name: string;
  block_name: string;
  pincode: string;
  lat: number | null;
  lng: number | null;
  timezone: string;
  /** Earliest start and latest end of its upcoming sessions (HH:MM), null without sessions. */
  from: string | null;
  to: string | null;
}

/** One v2 session: a centre's slots of one vaccine on one local day. */
export interface DaySession {
  date: string;
  offeringId: number;
  vaccine: Vaccine | undefined;
  /** The day's slots that have not started, in order. */
  slots: { id: number; from: string; to: string; available: number }[];
}

function header(c: Centre, s: CentreSummary | undefined): CentreHeader {
  const times = s?.sessions ?? [];
  return {
    id: c.id,
    name: c.name,
    address: c.address,
    state_name: c.state_name ?? '',
    district_name: c.district_name ?? '',
    block_name: c.block_name ?? '',
    pincode: c.pincode === null ? '' : String(c.pincode),
    lat: c.lat,
    lng: c.lng,
    timezone: c.timezone,
    from: times.length ? times.reduce((m, x) => (x.from < m ? x.from : m), times[0].from) : null,
    to: times.length ? times.reduce((m, x) => (x.to > m ? x.to : m), times[0].to) : null,
  };
}

/** The most answers kept (about the most bytes they take is the config's `answerCacheMb`). */
const ANSWERS_KEPT = 500_000;
/** Prerendering stops when the kept answers reach this share of their bytes, so it evicts none. */
const PRERENDER_FILL = 0.9;

/** One answer to render ahead of its first request: `renderKept`'s arguments. */
export interface AnswerToRender {
  key: string;
  filter: CentreFilter;
  build: (centres: CentreHeader[], validity: Validity, kept: KeptSessions) => string | undefined;
}

/** Until when (epoch ms) an answer built now stays right with time alone; lowered as it is built. */
export interface Validity {
  before: number;
}

const renderHeaders = (centres: Centre[], summaries: Map<number, CentreSummary>) =>
  JSON.stringify(centres.map((c) => header(c, summaries.get(c.id))));

const until = (at: string | null | undefined) => (at ? Date.parse(at) : Number.POSITIVE_INFINITY);

export class SessionReads {
  private readonly listings: CentreCache;
  private readonly answers: KeptAnswers;
  /** The parsed form of the last listing text of each filter, so a cache hit parses nothing. */
  private readonly parsed = new Map<string, { text: Buffer; centres: CentreHeader[] }>();

  constructor(
    private readonly db: Conn,
    private readonly readCacheMs: number,
    /** About the most bytes of answers kept. */
    answerBytes: number,
  ) {
    this.listings = new CentreCache(db, readCacheMs, answerBytes);
    this.answers = new KeptAnswers(readCacheMs, ANSWERS_KEPT, answerBytes);
  }

  /**
   * The answer `build` renders from the centres of `filter`, kept under `key` (which must name
   * everything else the answer depends on: the operation, date, vaccine and language).
   */
  async rendered(
    key: string,
    filter: CentreFilter,
    now: Date,
    build: (centres: CentreHeader[], validity: Validity) => Promise<string>,
  ): Promise<Buffer> {
    const fullKey = `${key}|${filterKey(filter)}`;
    const catalogue = catalogueVersion();
    const readAt = cacheNow();
    const kept = this.answers.get(fullKey, catalogue, now);
    countCache('v2_sessions', kept !== undefined);
    if (kept !== undefined) return kept;
    const centres = await this.centres(filter, now);
    const places = centres.map((c) => c.id);
    const versions = places.map((id) => placeVersion(id));
    const validity: Validity = { before: Number.POSITIVE_INFINITY };
    const text = await build(centres, validity);
    return this.answers.set(fullKey, text, { places, versions, validBefore: validity.before }, catalogue, readAt);
  }

  /**
   * What `rendered` gives now, without waiting on anything: the kept answer, or one `build`
   * renders synchronously from what is kept in memory (the listing, each centre's slots, the
   * vaccines), kept as `rendered` keeps it. Undefined, with nothing kept or counted, when
   * something would have to be read or `build` gives up (for the read path around Fastify,
   * ../fast-reads.ts).
   */
  renderKept(
    key: string,
    filter: CentreFilter,
    now: Date,
    build: (centres: CentreHeader[], validity: Validity, kept: KeptSessions) => string | undefined,
  ): Buffer | undefined {
    const fullKey = `${key}|${filterKey(filter)}`;
    const catalogue = catalogueVersion();
    const readAt = cacheNow();
    const hit = this.answers.get(fullKey, catalogue, now);
    if (hit !== undefined) {
      countCache('v2_sessions', true);
      return hit;
    }
    const listing = this.listings.peekListing(filter, now, false);
    if (listing === undefined) return undefined;
    const centres = this.parse(filter, listing);
    const places = centres.map((c) => c.id);
    const versions = places.map((id) => placeVersion(id));
    const validity: Validity = { before: Number.POSITIVE_INFINITY };
    let used = 0;
    const vaccines = keptVaccines(this.db);
    const kept: KeptSessions = (centre, date, days) => {
      const upcoming = vaccines && keptUpcomingSlots(this.db, centre.id, now);
      if (!upcoming) return undefined;
      used++;
      return sessionsIn(centre, upcoming, vaccines, date, days, now, validity);
    };
    const text = vaccines && build(centres, validity, kept);
    if (text === undefined) return undefined;
    // Counted as `rendered` counts: the listing and each centre's slots were hits, the answer a miss.
    countCache('centre_listing', true);
    countCache('place_slots', true, used);
    countCache('v2_sessions', false);
    return this.answers.set(fullKey, text, { places, versions, validBefore: validity.before }, catalogue, readAt);
  }

  /** Render the centre list of every pincode and district filter ahead of its first request. */
  prerender(filters: readonly CentreFilter[], stopped: () => boolean): Promise<void> {
    const listed = filters.filter((f) => f.pincode !== undefined || f.districtId !== undefined);
    return this.listings.prerender(listed, renderHeaders, stopped);
  }

  /**
   * Render `answers` (in the order given) ahead of their first requests, as `renderKept` would
   * at `now()`, giving the event loop back every few milliseconds (requests are answered
   * meanwhile: core/shared/time-slices.ts), until the kept answers fill PRERENDER_FILL of
   * their bytes or `stopped()`. What it keeps is kept and dropped exactly as a request's
   * answer. Gives how many it rendered.
   */
  async prerenderAnswers(answers: Iterable<AnswerToRender>, now: () => Date, stopped: () => boolean): Promise<number> {
    await vaccinesById(this.db, this.readCacheMs); // kept from now on, as renderKept needs them
    let n = 0;
    await inTimeSlices(
      answers,
      (a) => {
        if (this.answers.bytes >= this.answers.maxBytes * PRERENDER_FILL) return false;
        if (this.renderKept(a.key, a.filter, now(), a.build) !== undefined) n++;
        return true;
      },
      { stopped },
    );
    return n;
  }

  /** The centres of a pincode, district or id list (v1's listing read and cache). */
  async centres(filter: CentreFilter, now: Date): Promise<CentreHeader[]> {
    return this.parse(filter, await this.listings.listing(filter, renderHeaders, now));
  }

  /** The centres of a listing, parsed once per listing kept. */
  private parse(filter: CentreFilter, text: Buffer): CentreHeader[] {
    const key = `${filter.pincode ?? ''}|${filter.districtId ?? ''}|${filter.ids?.join(',') ?? ''}`;
    const hit = this.parsed.get(key);
    if (hit && hit.text === text) return hit.centres;
    const centres = JSON.parse(text.toString()) as CentreHeader[];
    if (this.parsed.size >= 20_000) this.parsed.clear();
    this.parsed.set(key, { text, centres });
    return centres;
  }

  /**
   * A centre's sessions on `days` local days from `date` (YYYY-MM-DD), free seats as of `now`;
   * `validity` is lowered to when they may change with time alone: the centre's next session
   * starts (which also changes its listed hours) or its next hold runs out.
   */
  async sessionsOf(
    centre: CentreHeader,
    date: string,
    days: number,
    now: Date,
    validity?: Validity,
  ): Promise<DaySession[]> {
    const upcoming = await upcomingSlots(this.db, centre.id, now);
    const vaccines = await vaccinesById(this.db, this.readCacheMs);
    return sessionsIn(centre, upcoming, vaccines, date, days, now, validity);
  }
}

/** A centre's sessions from kept data, or undefined when they would have to be read. */
export type KeptSessions = (centre: CentreHeader, date: string, days: number) => DaySession[] | undefined;

/** {@link SessionReads.sessionsOf} from the centre's upcoming slots and the vaccines. */
function sessionsIn(
  centre: CentreHeader,
  upcoming: PlaceSlots,
  vaccines: Map<number, Vaccine>,
  date: string,
  days: number,
  now: Date,
  validity: Validity | undefined,
): DaySession[] {
  const from = dayBounds(date, centre.timezone).from;
  const to = dayBounds(addDays(date, days - 1), centre.timezone).to;
  if (validity) {
    const at = iso(now);
    const next = upcoming.slots.find((s) => s.start_at > at);
    validity.before = Math.min(validity.before, until(next?.start_at), until(upcoming.validUntil));
  }
  return group(slotsBetween(upcoming.slots, from, to), centre.timezone, now, vaccines);
}

function group(
  slots: readonly SlotAvailability[],
  timezone: string,
  now: Date,
  vaccines: Map<number, Vaccine>,
): DaySession[] {
  const at = iso(now);
  const out = new Map<string, DaySession>();
  for (const s of slots) {
    if (s.practitioner_id !== null || s.start_at <= at) continue;
    const a = wallClock(s.start_at, timezone);
    const b = wallClock(s.end_at, timezone);
    const offeringId = s.offering_id ?? 0;
    const key = `${a.date}|${offeringId}`;
    let session = out.get(key);
    if (!session) {
      session = { date: a.date, offeringId, vaccine: vaccines.get(offeringId), slots: [] };
      out.set(key, session);
    }
    session.slots.push({ id: s.id, from: a.time, to: b.time, available: Math.max(0, s.available) });
  }
  return [...out.values()];
}
