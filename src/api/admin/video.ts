// /admin/v1/video/...: operators manage video specialities, doctors, working hours and time
// off (admin role). Schedule changes regenerate the doctor's slots in the same transaction;
// the answer says how many slots were created, removed, or kept because they are booked.
import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { maskTail } from '../../core/shared/mask.js';
import { money } from '../../core/partners/money.js';
import {
  adminAddTimeOff,
  adminCreateDoctor,
  adminDoctorSlots,
  adminGetDoctor,
  adminListDoctors,
  adminRemoveTimeOff,
  adminSetHours,
  adminUpdateDoctor,
  type ManagedDoctor,
} from '../../core/video/admin.js';
import { listSpecialities } from '../../core/video/doctors.js';
import { createSpeciality } from '../../core/video/manage.js';
import { joinLink } from '../../core/video/rooms.js';
import { ok, partnerResponses } from '../partner/index.js';
import {
  common,
  Str,
  Hours,
  HOURS_EX,
  CreateDoctor,
  PatchDoctor,
  TimeOffBody,
  AdminDoctor,
  DaySlot,
  DOCTOR_OUT,
  DoctorParams,
} from './video-schemas.js';

function doctorView(m: ManagedDoctor) {
  const d = m.doctor;
  const details = JSON.parse(d.details) as Record<string, unknown>;
  return {
    doctor_id: d.code,
    spec_id: m.speciality,
    name: [d.title, d.first_name, d.last_name].filter(Boolean).join(' '),
    title: d.title,
    first_name: d.first_name,
    last_name: d.last_name,
    gender: d.gender,
    photo_url: d.photo_url,
    languages: JSON.parse(d.languages) as string[],
    classification: details.classification ?? null,
    sub_speciality: details.sub_speciality ?? null,
    qualifications: details.qualifications ?? [],
    experience_years: details.experience_years ?? null,
    rating: details.rating ?? null,
    active: d.active === 1,
    // Operators see the licence number; the national ID only masked, as everywhere else.
    national_id: d.national_id ? maskTail(d.national_id) : null,
    licence_no: d.licence_no,
    fee: d.fee_minor === null || !d.currency ? null : money(d.fee_minor, d.currency),
    slot_minutes: d.slot_minutes,
    timezone: d.timezone,
    working_hours: m.hours,
    time_off: m.time_off,
    ...(m.slots ? { slots: m.slots } : {}),
  };
}

const one = (example: unknown, message?: string) =>
  partnerResponses(Type.Object({ doctor: AdminDoctor }), { doctor: example }, message);

export const videoAdminRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { store, config } = app;
  const days = config.videoSlotDays;

  app.get(
    '/specialities',
    {
      schema: {
        operationId: 'adminListVideoSpecialities',
        ...common,
        summary: 'Video specialities',
        response: partnerResponses(
          Type.Object({ specialities: Type.Array(Type.Object({}, { additionalProperties: true })) }),
          { specialities: [{ spec_id: 'sp-gp', name: 'General Practice', description: null, doctors: 5 }] },
        ),
      },
    },
    async () =>
      ok({
        specialities: (await listSpecialities(store.db)).map((s) => ({
          spec_id: s.code,
          name: s.name,
          description: s.description,
          doctors: s.doctors,
        })),
      }),
  );

  app.post(
    '/specialities',
    {
      schema: {
        operationId: 'adminCreateVideoSpeciality',
        ...common,
        summary: 'Create a video speciality',
        body: Type.Object(
          {
            spec_id: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9_-]{1,63}$' })),
            name: Str(),
            description: Type.Optional(Type.String({ maxLength: 2000 })),
          },
          { additionalProperties: false, examples: [{ spec_id: 'sp-cardio', name: 'Cardiology' }] },
        ),
        response: partnerResponses(
          Type.Object({ speciality: Type.Object({}, { additionalProperties: true }) }),
          { speciality: { spec_id: 'sp-cardio', name: 'Cardiology', description: null } },
          'speciality created',
        ),
      },
    },
    async (req) => {
      const s = await createSpeciality(store.db, req.body);
      return ok({ speciality: { spec_id: s.code, name: s.name, description: s.description } }, 'speciality created');
    },
  );

  app.get(
    '/doctors',
    {
      schema: {
        operationId: 'adminListDoctors',
        ...common,
        summary: 'Video doctors (inactive ones too), optionally of one speciality',
        querystring: Type.Object({ spec_id: Type.Optional(Str({ maxLength: 64 })) }),
        response: partnerResponses(Type.Object({ doctors: Type.Array(AdminDoctor) }), { doctors: [DOCTOR_OUT] }),
      },
    },
    async (req) => ok({ doctors: (await adminListDoctors(store, req.query.spec_id)).map(doctorView) }),
  );

  app.post(
    '/doctors',
    {
      schema: {
        operationId: 'adminCreateDoctor',
        ...common,
        summary: 'Create a doctor (optionally with working hours; slots are generated at once)',
        body: CreateDoctor,
        response: one(DOCTOR_OUT, 'doctor created'),
      },
    },
    async (req) => ok({ doctor: doctorView(await adminCreateDoctor(store, req.body, days)) }, 'doctor created'),
  );

  app.get(
    '/doctors/:doctor_id',
    {
      schema: {
        operationId: 'adminGetDoctor',
        ...common,
        summary: 'A doctor with working hours and upcoming time off',
        params: DoctorParams,
        response: one(DOCTOR_OUT),
      },
    },
    async (req) => ok({ doctor: doctorView(await adminGetDoctor(store, req.params.doctor_id)) }),
  );

  app.patch(
    '/doctors/:doctor_id',
    {
      schema: {
        operationId: 'adminUpdateDoctor',
        ...common,
        summary: 'Change a doctor (fee, consultation length, active…); slots follow',
        params: DoctorParams,
        body: PatchDoctor,
        response: one(DOCTOR_OUT, 'doctor updated'),
      },
    },
    async (req) =>
      ok(
        { doctor: doctorView(await adminUpdateDoctor(store, req.params.doctor_id, req.body, days)) },
        'doctor updated',
      ),
  );

  app.put(
    '/doctors/:doctor_id/working-hours',
    {
      schema: {
        operationId: 'adminSetDoctorWorkingHours',
        ...common,
        summary: "Replace the doctor's weekly working hours (local time); slots follow, booked ones are kept",
        params: DoctorParams,
        body: Type.Object({ hours: Hours }, { additionalProperties: false, examples: [{ hours: HOURS_EX }] }),
        response: one(DOCTOR_OUT, 'working hours saved'),
      },
    },
    async (req) =>
      ok(
        { doctor: doctorView(await adminSetHours(store, req.params.doctor_id, req.body.hours, days)) },
        'working hours saved',
      ),
  );

  app.post(
    '/doctors/:doctor_id/time-off',
    {
      schema: {
        operationId: 'adminAddDoctorTimeOff',
        ...common,
        summary: 'Add time off; free slots inside it disappear, booked ones stay (counted in slots.kept_booked)',
        params: DoctorParams,
        body: TimeOffBody,
        response: partnerResponses(
          Type.Object({ time_off_id: Type.String(), doctor: AdminDoctor }),
          {
            time_off_id: 'off_7fq3x9k2m4p8r1t6',
            doctor: {
              ...DOCTOR_OUT,
              time_off: [
                {
                  time_off_id: 'off_7fq3x9k2m4p8r1t6',
                  starts_at: '2026-11-30T21:00:00.000Z',
                  ends_at: '2026-12-02T21:00:00.000Z',
                  reason: 'Conference',
                },
              ],
            },
          },
          'time off added',
        ),
      },
    },
    async (req) => {
      const r = await adminAddTimeOff(store, req.params.doctor_id, req.body, days);
      return ok({ doctor: doctorView(r), time_off_id: r.added.time_off_id }, 'time off added');
    },
  );

  app.delete(
    '/doctors/:doctor_id/time-off/:time_off_id',
    {
      schema: {
        operationId: 'adminDeleteDoctorTimeOff',
        ...common,
        summary: 'Remove time off; its slots come back',
        params: Type.Object({ doctor_id: Str({ maxLength: 64 }), time_off_id: Str({ maxLength: 64 }) }),
        response: one(DOCTOR_OUT, 'time off removed'),
      },
    },
    async (req) => {
      const { doctor_id, time_off_id } = req.params;
      return ok(
        { doctor: doctorView(await adminRemoveTimeOff(store, doctor_id, time_off_id, days)) },
        'time off removed',
      );
    },
  );

  app.get(
    '/doctors/:doctor_id/slots',
    {
      schema: {
        operationId: 'adminListDoctorSlots',
        ...common,
        summary: "The doctor's slots on a local day, booked ones too",
        params: DoctorParams,
        querystring: Type.Object({ date: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' }) }),
        description:
          "Each booked slot shows its booking; a confirmed one carries the `join_url` the doctor uses (the patient's room).",
        response: partnerResponses(Type.Object({ doctor_id: Type.String(), slots: Type.Array(DaySlot) }), {
          doctor_id: 'doc-gp-1',
          slots: [
            {
              start: '2026-11-24T06:00:00.000Z',
              end: '2026-11-24T06:20:00.000Z',
              available: 0,
              booking_id: 'bk_3ca6xmj1g51nw6zn',
              status: 'confirmed',
              join_url: 'https://meet.jit.si/careslot-i5rr5sazwvg7v8xmrij699ypzt',
            },
            {
              start: '2026-11-24T06:20:00.000Z',
              end: '2026-11-24T06:40:00.000Z',
              available: 1,
              booking_id: null,
              status: null,
            },
          ],
        }),
      },
    },
    async (req) => {
      const { doctor_id } = req.params;
      const slots = await adminDoctorSlots(store, doctor_id, req.query.date);
      const room = { secret: config.secret, baseUrl: config.videoBaseUrl, earlyMinutes: config.videoJoinEarlyMinutes };
      return ok({
        doctor_id,
        slots: slots.map((s) => ({
          start: s.start_at,
          end: s.end_at,
          available: s.available,
          booking_id: s.booking?.code ?? null,
          status: s.booking?.status ?? null,
          ...(s.booking && s.booking.status !== 'held'
            ? { join_url: joinLink(room, s.booking.room_key, s).join_url }
            : {}),
        })),
      });
    },
  );
};
