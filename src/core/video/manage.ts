// Managing video doctors and specialities (the admin API and the sandbox use these).
// Every change that affects slots regenerates them in the same transaction.
import { iso } from '../../store/dialect.js';
import type { Conn } from '../../store/index.js';
import type { Practitioner } from '../../store/schema.js';
import { DomainError } from '../shared/errors.js';
import { opaqueId } from '../shared/ids.js';
import { isTimeZone } from '../shared/time.js';
import type { Doctor } from './doctors.js';

export const VIDEO_CLINIC = 'vc-clinic';

/** The place that holds every video slot (created on first use). */
export async function videoClinic(db: Conn, timezone = 'Asia/Riyadh'): Promise<number> {
  const found = await db.selectFrom('places').select('id').where('code', '=', VIDEO_CLINIC).executeTakeFirst();
  if (found) return found.id;
  const at = iso();
  const row = await db
    .insertInto('places')
    .values({
      code: VIDEO_CLINIC,
      kind: 'virtual_clinic',
      name: 'Careslot Video Clinic',
      external_ref: null,
      incharge_name: null,
      mobile: null,
      address: null,
      state_id: null,
      district_id: null,
      block_id: null,
      pincode: null,
      locality: null,
      area: null,
      centre_type: null,
      lat: null,
      lng: null,
      service_radius_km: null,
      timezone,
      owner_id: null,
      active: 1,
      created_at: at,
      updated_at: at,
    })
    .onConflict((oc) => oc.column('code').doNothing())
    .returning(['id'])
    .executeTakeFirst();
  return (
    row?.id ??
    (await db.selectFrom('places').select('id').where('code', '=', VIDEO_CLINIC).executeTakeFirstOrThrow()).id
  );
}

export interface SpecialityInput {
  spec_id?: string;
  name: string;
  description?: string | null;
}

export async function createSpeciality(
  db: Conn,
  s: SpecialityInput,
): Promise<{ id: number; code: string; name: string; description: string | null }> {
  const code = s.spec_id ?? opaqueId('sp');
  const taken = await db.selectFrom('offerings').select('id').where('code', '=', code).executeTakeFirst();
  if (taken)
    throw new DomainError(
      'conflict',
      `spec_id ${code} is already used; choose another or leave it out to get a generated one`,
      { field: 'spec_id' },
    );
  return db
    .insertInto('offerings')
    .values({
      code,
      kind: 'speciality',
      catalog: null,
      name: s.name,
      description: s.description ?? null,
      price_minor: null,
      currency: null,
      min_age_months: null,
      max_age_months: null,
      doses: null,
      dose_gap_days: null,
      details: '{}',
      active: 1,
      created_at: iso(),
    })
    .returning(['id', 'code', 'name', 'description'])
    .executeTakeFirstOrThrow();
}

/** What an operator sets on a doctor: the public profile plus the private identifiers. */
export type DoctorFields = Pick<
  Doctor,
  | 'title'
  | 'first_name'
  | 'last_name'
  | 'gender'
  | 'photo_url'
  | 'languages'
  | 'classification'
  | 'sub_speciality'
  | 'qualifications'
  | 'experience_years'
  | 'rating'
  | 'timezone'
  | 'slot_minutes'
> & {
  spec_id: string;
  national_id: string | null;
  licence_no: string | null;
  fee_minor: number;
  currency: string;
  active: boolean;
};

export type DoctorInput = Partial<DoctorFields> &
  Pick<DoctorFields, 'spec_id' | 'first_name' | 'last_name' | 'fee_minor' | 'currency'> & { doctor_id?: string };

function check(f: Partial<DoctorFields>): void {
  if (f.timezone !== undefined && !isTimeZone(f.timezone))
    throw new DomainError('invalid', `timezone must be an IANA time zone such as Asia/Riyadh, got "${f.timezone}"`, {
      field: 'timezone',
    });
  if (
    f.slot_minutes !== undefined &&
    (!Number.isInteger(f.slot_minutes) || f.slot_minutes < 5 || f.slot_minutes > 240)
  ) {
    throw new DomainError('invalid', 'slot_minutes must be a whole number from 5 to 240', { field: 'slot_minutes' });
  }
  if (f.fee_minor !== undefined && (!Number.isInteger(f.fee_minor) || f.fee_minor < 0))
    throw new DomainError('invalid', 'fee_minor must be a whole number of minor units (9000 for SAR 90)', {
      field: 'fee_minor',
    });
  if (f.currency !== undefined && !/^[A-Z]{3}$/.test(f.currency))
    throw new DomainError('invalid', 'currency must be an ISO 4217 code such as SAR', { field: 'currency' });
}

async function specialityId(db: Conn, code: string): Promise<number> {
  const s = await db
    .selectFrom('offerings')
    .select('id')
    .where('kind', '=', 'speciality')
    .where('code', '=', code)
    .executeTakeFirst();
  if (!s)
    throw new DomainError(
      'not_found',
      `spec_id ${code} is not a speciality; list them with GET /admin/v1/video/specialities`,
      { field: 'spec_id' },
    );
  return s.id;
}

function detailsOf(f: Partial<DoctorFields>, base: Record<string, unknown> = {}): string {
  const d = { ...base };
  for (const k of ['classification', 'sub_speciality', 'qualifications', 'experience_years', 'rating'] as const)
    if (f[k] !== undefined) d[k] = f[k];
  return JSON.stringify(d);
}

export async function createDoctor(db: Conn, f: DoctorInput): Promise<Practitioner> {
  check(f);
  const code = f.doctor_id ?? opaqueId('dr');
  if (await db.selectFrom('practitioners').select('id').where('code', '=', code).executeTakeFirst()) {
    throw new DomainError('conflict', `doctor_id ${code} is already used`, { field: 'doctor_id' });
  }
  return db
    .insertInto('practitioners')
    .values({
      code,
      place_id: await videoClinic(db),
      offering_id: await specialityId(db, f.spec_id),
      title: f.title ?? 'Dr.',
      first_name: f.first_name,
      last_name: f.last_name,
      gender: f.gender ?? null,
      photo_url: f.photo_url ?? null,
      languages: JSON.stringify(f.languages ?? []),
      details: detailsOf({ qualifications: [], ...f }),
      national_id: f.national_id ?? null,
      licence_no: f.licence_no ?? null,
      timezone: f.timezone ?? 'Asia/Riyadh',
      fee_minor: f.fee_minor,
      currency: f.currency,
      slot_minutes: f.slot_minutes ?? 20,
      active: f.active === false ? 0 : 1,
      created_at: iso(),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function updateDoctor(db: Conn, code: string, f: Partial<DoctorFields>): Promise<Practitioner> {
  check(f);
  const cur = await findManagedDoctor(db, code);
  const set: Record<string, unknown> = {};
  for (const k of [
    'title',
    'first_name',
    'last_name',
    'gender',
    'photo_url',
    'national_id',
    'licence_no',
    'timezone',
    'fee_minor',
    'currency',
    'slot_minutes',
  ] as const) {
    if (f[k] !== undefined) set[k] = f[k];
  }
  if (f.languages !== undefined) set.languages = JSON.stringify(f.languages);
  if (f.active !== undefined) set.active = f.active ? 1 : 0;
  if (f.spec_id !== undefined) set.offering_id = await specialityId(db, f.spec_id);
  set.details = detailsOf(f, JSON.parse(cur.details) as Record<string, unknown>);
  return db.updateTable('practitioners').set(set).where('id', '=', cur.id).returningAll().executeTakeFirstOrThrow();
}

/** A video doctor by doctor_id with every column (admin use only). */
export async function findManagedDoctor(db: Conn, code: string): Promise<Practitioner> {
  const row = await db
    .selectFrom('practitioners')
    .innerJoin('offerings', 'offerings.id', 'practitioners.offering_id')
    .selectAll('practitioners')
    .where('offerings.kind', '=', 'speciality')
    .where('practitioners.code', '=', code)
    .executeTakeFirst();
  if (!row) throw new DomainError('not_found', `doctor_id ${code} does not exist`, { field: 'doctor_id' });
  return row;
}
