// Specialities and doctors as the video API shows them. Queries name their columns: a
// doctor's national ID and licence number are never read here.
// Their free slots are in ./doctor-slots.ts.
import { sql } from 'kysely';
import type { Conn } from '../../store/index.js';
import { prepared } from '../../store/prepared.js';
import { availabilityTtl, catalogueVersion } from '../scheduling/changes.js';
import { TtlCache, cached } from '../shared/ttl-cache.js';
import { nextFreeSlots, type NextSlot, type Window } from './doctor-slots.js';

export interface Speciality {
  id: number;
  code: string;
  name: string;
  description: string | null;
  doctors: number;
}

export interface Doctor {
  id: number;
  code: string;
  /** The clinic holding the doctor's slots. */
  place_id: number | null;
  spec_code: string;
  spec_name: string;
  title: string | null;
  first_name: string;
  last_name: string;
  gender: string | null;
  photo_url: string | null;
  languages: string[];
  classification: string | null;
  sub_speciality: string | null;
  qualifications: string[];
  experience_years: number | null;
  rating: number | null;
  timezone: string;
  fee_minor: number | null;
  currency: string | null;
  slot_minutes: number;
}

const PUBLIC_COLUMNS = [
  'practitioners.id',
  'practitioners.code',
  'practitioners.place_id',
  'practitioners.title',
  'practitioners.first_name',
  'practitioners.last_name',
  'practitioners.gender',
  'practitioners.photo_url',
  'practitioners.languages',
  'practitioners.details',
  'practitioners.timezone',
  'practitioners.fee_minor',
  'practitioners.currency',
  'practitioners.slot_minutes',
] as const;

function doctorsQuery(db: Conn, includeInactive = false) {
  const q = db
    .selectFrom('practitioners')
    .innerJoin('offerings', 'offerings.id', 'practitioners.offering_id')
    .select(PUBLIC_COLUMNS)
    .select(['offerings.code as spec_code', 'offerings.name as spec_name'])
    .where('offerings.kind', '=', 'speciality');
  return includeInactive ? q : q.where('practitioners.active', '=', 1).where('offerings.active', '=', 1);
}

type Row = Awaited<ReturnType<ReturnType<typeof doctorsQuery>['execute']>>[number];

function parse<T>(text: string, fallback: T): T {
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}

function toDoctor(r: Row): Doctor {
  const d = parse<Record<string, unknown>>(r.details, {});
  const str = (v: unknown) => (typeof v === 'string' ? v : null);
  const num = (v: unknown) => (typeof v === 'number' ? v : null);
  return {
    id: r.id,
    code: r.code,
    place_id: r.place_id,
    spec_code: r.spec_code,
    spec_name: r.spec_name,
    title: r.title,
    first_name: r.first_name,
    last_name: r.last_name,
    gender: r.gender,
    photo_url: r.photo_url,
    languages: parse<string[]>(r.languages, []),
    classification: str(d.classification),
    sub_speciality: str(d.sub_speciality),
    qualifications: Array.isArray(d.qualifications) ? d.qualifications.map(String) : [],
    experience_years: num(d.experience_years),
    rating: num(d.rating),
    timezone: r.timezone,
    fee_minor: r.fee_minor,
    currency: r.currency,
    slot_minutes: r.slot_minutes,
  };
}

/** Active specialities; `withDoctors` keeps only those with at least one active doctor (what partners see). */
export async function listSpecialities(db: Conn, opts: { withDoctors?: boolean } = {}): Promise<Speciality[]> {
  const rows = await db
    .selectFrom('offerings')
    .select(['offerings.id', 'offerings.code', 'offerings.name', 'offerings.description'])
    .select(
      sql<number>`(select count(*) from practitioners p where p.offering_id = offerings.id and p.active = 1)`.as(
        'doctors',
      ),
    )
    .where('kind', '=', 'speciality')
    .where('active', '=', 1)
    .orderBy('name')
    .execute();
  return rows.map((r) => ({ ...r, doctors: Number(r.doctors) })).filter((r) => !opts.withDoctors || r.doctors > 0);
}

export async function findSpeciality(
  db: Conn,
  code: string,
): Promise<{ id: number; code: string; name: string } | undefined> {
  return db
    .selectFrom('offerings')
    .select(['id', 'code', 'name'])
    .where('kind', '=', 'speciality')
    .where('code', '=', code)
    .where('active', '=', 1)
    .executeTakeFirst();
}

/** An active doctor by doctor_id; `includeInactive` also finds deactivated ones (for their bookings). */
export async function findDoctor(
  db: Conn,
  code: string,
  opts: { includeInactive?: boolean } = {},
): Promise<Doctor | undefined> {
  const row = await doctorsQuery(db, opts.includeInactive).where('practitioners.code', '=', code).executeTakeFirst();
  return row && toDoctor(row);
}

/** A slot of a doctor as booking needs it. */
export interface DoctorSlot {
  id: number;
  start_at: string;
  end_at: string;
  capacity: number;
}

/**
 * Compiled once (store/prepared.ts): every video booking runs it. The slot is joined by its key
 * alone, and whether it is the doctor's is checked on the row read. Joined on its doctor too,
 * PostgreSQL's kept plan, made from statistics gathered before the doctor had slots, looked the
 * slot up through (practitioner_id, start_at) and filtered every slot of the doctor for its id:
 * 13–23 ms a booking with 44,000 slots (docs/performance.md, twenty-ninth pass). Exported for
 * its plan test (test/video-consultation/doctor-slot-plan.test.ts).
 */
export const doctorWithSlotQuery = (db: Conn, p: { code: string; slotId: number }) =>
  doctorsQuery(db)
    .leftJoin('slots', (j) => j.on('slots.id', '=', p.slotId))
    .select([
      'slots.practitioner_id as slot_practitioner_id',
      'slots.id as slot_id',
      'slots.start_at as slot_start_at',
      'slots.end_at as slot_end_at',
      'slots.capacity as slot_capacity',
    ])
    .where('practitioners.code', '=', p.code);
const doctorWithSlot = prepared(doctorWithSlotQuery);

/**
 * {@link findDoctor} (active doctors) and, in the same statement, the doctor's slot `slotId`:
 * `slot` is undefined when there is no such slot or it is another doctor's.
 */
export async function findDoctorSlot(
  db: Conn,
  code: string,
  slotId: number | undefined,
): Promise<{ doctor: Doctor; slot: DoctorSlot | undefined } | undefined> {
  if (slotId === undefined) {
    const doctor = await findDoctor(db, code);
    return doctor && { doctor, slot: undefined };
  }
  const row = (await doctorWithSlot(db, { code, slotId })).rows[0];
  if (!row) return undefined;
  const slot =
    row.slot_id === null || row.slot_practitioner_id !== row.id
      ? undefined
      : { id: row.slot_id, start_at: row.slot_start_at!, end_at: row.slot_end_at!, capacity: row.slot_capacity! };
  return { doctor: toDoctor(row), slot };
}

/**
 * How long /slots may use a doctor read before another process changed it. Changes in this
 * process (admin edits regenerate the doctor's slots, which bumps the catalogue version) are
 * seen at once.
 */
export const DOCTOR_CACHE_TTL_MS = 1000;
const doctorCaches = new WeakMap<object, TtlCache<string, Doctor | null>>();

function doctorCache(db: Conn): TtlCache<string, Doctor | null> {
  let c = doctorCaches.get(db);
  if (!c) {
    c = new TtlCache(() => availabilityTtl(DOCTOR_CACHE_TTL_MS), 10_000);
    doctorCaches.set(db, c);
  }
  return c;
}

/** {@link findDoctor} for the public reads (active doctors), cached per database handle. */
export async function findListedDoctor(db: Conn, code: string): Promise<Doctor | undefined> {
  if (db.isTransaction) return findDoctor(db, code);
  const found = await cached(doctorCache(db), code, catalogueVersion, async () => (await findDoctor(db, code)) ?? null);
  return found ?? undefined;
}

/**
 * What {@link findListedDoctor} would answer from its cache now (null: kept as not listed), or
 * undefined when it would have to read (no I/O).
 */
export function keptListedDoctor(db: Conn, code: string): Doctor | null | undefined {
  return db.isTransaction ? undefined : doctorCache(db).get(code, catalogueVersion());
}

export interface ListedDoctor {
  doctor: Doctor;
  next: NextSlot | null;
}

/**
 * A speciality's doctors: those with a free slot in the coming days first (soonest first),
 * then the rest by name. `lang` keeps only doctors who speak that language.
 */
export async function listDoctors(db: Conn, specId: number, opts: Window & { lang?: string }): Promise<ListedDoctor[]> {
  const rows = await doctorsQuery(db)
    .where('practitioners.offering_id', '=', specId)
    .orderBy('practitioners.last_name')
    .orderBy('practitioners.first_name')
    .orderBy('practitioners.id')
    .execute();
  const lang = opts.lang?.toLowerCase();
  const doctors = rows.map(toDoctor).filter((d) => !lang || d.languages.some((l) => l.toLowerCase() === lang));
  const next = await nextFreeSlots(
    db,
    doctors.map((d) => d.id),
    opts,
  );
  const listed = doctors.map((doctor) => ({ doctor, next: next.get(doctor.id) ?? null }));
  const available = listed.filter((l) => l.next).sort((a, b) => a.next!.start_at.localeCompare(b.next!.start_at));
  return [...available, ...listed.filter((l) => !l.next)];
}
