// Operator use cases for video doctors: each runs in one transaction and regenerates the
// doctor's slots when the schedule changes, so availability follows at once.
import type { Store } from '../../store/index.js';
import type { BookingStatus, Practitioner } from '../../store/schema.js';
import { effectiveStatus } from '../scheduling/bookings.js';
import { listSlots, type SlotAvailability } from '../scheduling/availability.js';
import { DomainError } from '../shared/errors.js';
import { dayBounds, isIsoDate } from '../shared/time.js';
import { generateSlots, type GenerateResult } from './generate.js';
import { createDoctor, findManagedDoctor, updateDoctor, type DoctorFields, type DoctorInput } from './manage.js';
import {
  addTimeOff,
  removeTimeOff,
  replaceWorkingHours,
  timeOff,
  workingHours,
  type TimeOff,
  type WorkingHours,
} from './schedule.js';

export interface ManagedDoctor {
  doctor: Practitioner;
  speciality: string;
  hours: WorkingHours[];
  time_off: TimeOff[];
  slots?: GenerateResult;
}

async function view(store: Store, doctor: Practitioner, slots?: GenerateResult): Promise<ManagedDoctor> {
  const spec = await store.db
    .selectFrom('offerings')
    .select('code')
    .where('id', '=', doctor.offering_id!)
    .executeTakeFirstOrThrow();
  return {
    doctor,
    speciality: spec.code,
    hours: await workingHours(store.db, doctor.id),
    time_off: await timeOff(store.db, doctor.id, new Date().toISOString()),
    slots,
  };
}

export async function adminListDoctors(store: Store, specId?: string): Promise<ManagedDoctor[]> {
  let q = store.db
    .selectFrom('practitioners')
    .innerJoin('offerings', 'offerings.id', 'practitioners.offering_id')
    .selectAll('practitioners')
    .where('offerings.kind', '=', 'speciality');
  if (specId) q = q.where('offerings.code', '=', specId);
  const rows = await q.orderBy('practitioners.last_name').orderBy('practitioners.id').execute();
  return Promise.all(rows.map((d) => view(store, d)));
}

export async function adminGetDoctor(store: Store, code: string): Promise<ManagedDoctor> {
  return view(store, await findManagedDoctor(store.db, code));
}

export async function adminCreateDoctor(
  store: Store,
  input: DoctorInput & { working_hours?: WorkingHours[] },
  days: number,
): Promise<ManagedDoctor> {
  const { working_hours, ...fields } = input;
  const [doctor, slots] = await store.tx(async (trx) => {
    const d = await createDoctor(trx, fields);
    if (working_hours) await replaceWorkingHours(trx, d.id, working_hours);
    return [d, await generateSlots(trx, d.id, { days })] as const;
  });
  return view(store, doctor, slots);
}

export async function adminUpdateDoctor(
  store: Store,
  code: string,
  patch: Partial<DoctorFields>,
  days: number,
): Promise<ManagedDoctor> {
  const [doctor, slots] = await store.tx(async (trx) => {
    const d = await updateDoctor(trx, code, patch);
    return [d, await generateSlots(trx, d.id, { days })] as const;
  });
  return view(store, doctor, slots);
}

export async function adminSetHours(
  store: Store,
  code: string,
  hours: WorkingHours[],
  days: number,
): Promise<ManagedDoctor> {
  const [doctor, slots] = await store.tx(async (trx) => {
    const d = await findManagedDoctor(trx, code);
    await replaceWorkingHours(trx, d.id, hours);
    return [d, await generateSlots(trx, d.id, { days })] as const;
  });
  return view(store, doctor, slots);
}

export async function adminAddTimeOff(
  store: Store,
  code: string,
  t: { starts_at: string; ends_at: string; reason?: string | null },
  days: number,
): Promise<ManagedDoctor & { added: TimeOff }> {
  const [doctor, added, slots] = await store.tx(async (trx) => {
    const d = await findManagedDoctor(trx, code);
    const off = await addTimeOff(trx, d.id, t);
    return [d, off, await generateSlots(trx, d.id, { days })] as const;
  });
  return { ...(await view(store, doctor, slots)), added };
}

export async function adminRemoveTimeOff(
  store: Store,
  code: string,
  timeOffId: string,
  days: number,
): Promise<ManagedDoctor> {
  const [doctor, slots] = await store.tx(async (trx) => {
    const d = await findManagedDoctor(trx, code);
    if (!(await removeTimeOff(trx, d.id, timeOffId)))
      throw new DomainError('not_found', `doctor ${code} has no time off ${timeOffId}`, { field: 'time_off_id' });
    return [d, await generateSlots(trx, d.id, { days })] as const;
  });
  return view(store, doctor, slots);
}

export interface DoctorSlot extends SlotAvailability {
  /** The live consultation on the slot, if any (the doctor joins the same room as the patient). */
  booking: { code: string; status: BookingStatus; room_key: string } | null;
}

/** Every slot of the doctor on a local day (booked ones too), with free seats and consultations. */
export async function adminDoctorSlots(
  store: Store,
  code: string,
  date: string,
  now: Date = new Date(),
): Promise<DoctorSlot[]> {
  if (!isIsoDate(date))
    throw new DomainError('invalid', `date must be a real calendar date in YYYY-MM-DD form, got "${date}"`, {
      field: 'date',
    });
  const d = await findManagedDoctor(store.db, code);
  const { from, to } = dayBounds(date, d.timezone);
  const slots = (await listSlots(store.db, { practitionerId: d.id, from, to, now })).filter((s) => s.capacity > 0);
  const live =
    slots.length === 0
      ? []
      : await store.db
          .selectFrom('bookings')
          .innerJoin('video_consultations', 'video_consultations.booking_id', 'bookings.id')
          .select([
            'bookings.slot_id',
            'bookings.code',
            'bookings.status',
            'bookings.hold_expires_at',
            'video_consultations.room_key',
          ])
          .where(
            'bookings.slot_id',
            'in',
            slots.map((s) => s.id),
          )
          .where('bookings.status', 'in', ['held', 'confirmed', 'completed'])
          .execute();
  const bySlot = new Map(
    live
      .filter((b) => effectiveStatus(b, now) !== 'expired')
      .map((b) => [b.slot_id, { code: b.code, status: effectiveStatus(b, now), room_key: b.room_key }]),
  );
  return slots.map((s) => ({ ...s, booking: bySlot.get(s.id) ?? null }));
}
