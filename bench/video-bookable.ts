// Doctors for the `video /book` scenario. A video slot holds one consultation, and the
// sandbox's 40 doctors have about 2,500 slots a week: a booking benchmark would sell them out
// in seconds and then measure refusals. These doctors work every day from 00:00 to 24:00 in
// 10-minute slots (about 1,000 a week each), under a speciality of their own so the sandbox's
// listings (and the `video /slots` scenario) stay as they are.
import { generateSlots } from '../src/core/video/generate.js';
import { createDoctor, createSpeciality } from '../src/core/video/manage.js';
import { replaceWorkingHours } from '../src/core/video/schedule.js';
import { iso } from '../src/store/dialect.js';
import type { Store } from '../src/store/index.js';

const SPECIALITY = 'sp-bench';
/** Slots starting sooner than this are left out (the API refuses those within its lead time). */
const LEAD_MS = 3 * 3_600_000;

export interface BookableVideoSlot {
  doctor: string;
  /** The slot's row id (the API's slot_id is this, encrypted with the instance secret). */
  slot: number;
}

/** Add `count` round-the-clock doctors; their future slots, spread over the doctors, in start order. */
export async function addBookableDoctors(store: Store, count: number, days: number): Promise<BookableVideoSlot[]> {
  return store.tx(async (trx) => {
    await createSpeciality(trx, {
      spec_id: SPECIALITY,
      name: 'Bench',
      description: 'Round-the-clock doctors for the bench',
    });
    const doctors: { id: number; code: string }[] = [];
    for (let k = 1; k <= count; k++) {
      const doctor = await createDoctor(trx, {
        doctor_id: `doc-bench-${k}`,
        spec_id: SPECIALITY,
        first_name: 'Bench',
        last_name: `Doctor ${k}`,
        timezone: 'Asia/Riyadh',
        fee_minor: 9000,
        currency: 'SAR',
        slot_minutes: 10,
      });
      const week = [0, 1, 2, 3, 4, 5, 6].map((weekday) => ({ weekday, start: '00:00', end: '24:00' }));
      await replaceWorkingHours(trx, doctor.id, week);
      await generateSlots(trx, doctor.id, { days });
      doctors.push({ id: doctor.id, code: doctor.code });
    }
    const codes = new Map(doctors.map((d) => [d.id, d.code]));
    const slots = await trx
      .selectFrom('slots')
      .select(['id', 'practitioner_id'])
      .where(
        'practitioner_id',
        'in',
        doctors.map((d) => d.id),
      )
      .where('start_at', '>', iso(new Date(Date.now() + LEAD_MS)))
      .orderBy('start_at')
      .orderBy('id')
      .execute();
    return slots.map((s) => ({ doctor: codes.get(s.practitioner_id as number) as string, slot: s.id }));
  });
}
