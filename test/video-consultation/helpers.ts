// Fixtures for the video tests: a speciality and a doctor with working hours, slots
// generated from them, at fixed dates far enough ahead that "now" never interferes.
import { generateSlots } from '../../src/core/video/generate.js';
import { createDoctor, createSpeciality } from '../../src/core/video/manage.js';
import { replaceWorkingHours, type WorkingHours } from '../../src/core/video/schedule.js';
import type { Conn } from '../../src/store/index.js';
import type { Practitioner } from '../../src/store/schema.js';

let n = 0;
export const uniq = (p: string) => `${p}-${process.pid}-${++n}-${Math.random().toString(36).slice(2, 8)}`;

export const SUN_TO_THU = (start: string, end: string): WorkingHours[] =>
  [0, 1, 2, 3, 4].map((weekday) => ({ weekday, start, end }));

export async function doctorWithHours(
  db: Conn,
  opts: {
    hours?: WorkingHours[];
    slotMinutes?: number;
    now?: Date;
    days?: number;
    fee?: number;
    languages?: string[];
    specId?: string;
  } = {},
): Promise<Practitioner> {
  const spec = opts.specId ?? (await createSpeciality(db, { spec_id: uniq('sp'), name: 'Test speciality' })).code;
  const doc = await createDoctor(db, {
    doctor_id: uniq('doc'),
    spec_id: spec,
    first_name: 'Test',
    last_name: 'Doctor',
    gender: 'female',
    languages: opts.languages ?? ['ar', 'en'],
    fee_minor: opts.fee ?? 9000,
    currency: 'SAR',
    slot_minutes: opts.slotMinutes ?? 30,
    timezone: 'Asia/Riyadh',
    national_id: '1234567890',
    licence_no: 'SCFHS-424242',
    classification: 'Consultant',
    qualifications: ['MBBS'],
    experience_years: 9,
    rating: 4.7,
  });
  await replaceWorkingHours(db, doc.id, opts.hours ?? SUN_TO_THU('09:00', '12:00'));
  await generateSlots(db, doc.id, { days: opts.days ?? 7, now: opts.now });
  return doc;
}

export async function slotsOf(db: Conn, practitionerId: number) {
  return db
    .selectFrom('slots')
    .select(['id', 'start_at', 'end_at', 'capacity', 'booked'])
    .where('practitioner_id', '=', practitionerId)
    .orderBy('start_at')
    .execute();
}
