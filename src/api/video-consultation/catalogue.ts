// GET /specialities, GET /doctors?spec_id=&lang=, GET /slots?doctor_id=&date= : the public
// catalogue. No credentials needed; /slots verifies Authorization + Cmt when they are sent.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  findListedDoctor,
  findSpeciality,
  freeSlotsOn,
  listDoctors,
  listSpecialities,
} from '../../core/video/doctors.js';
import { isIsoDate } from '../../core/shared/time.js';
import { pastDate, pastDateMessage } from '../dates.js';
import { PartnerError, ok, partnerAuth, partnerResponses } from '../partner/index.js';
import { doctorOut, slotOut } from './present.js';
import {
  DOCTORS_EXAMPLE,
  DoctorsInfo,
  DoctorsQuery,
  SLOTS_EXAMPLE,
  SPECIALITIES_EXAMPLE,
  SlotsInfo,
  SlotsQuery,
  SpecialitiesInfo,
} from './schemas.js';

const TAGS = ['Video Consultation'];

export const catalogueRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { config, store } = app;
  const window = () => ({ now: app.now(), leadMinutes: config.videoLeadMinutes, days: config.videoSlotDays });

  app.get(
    '/specialities',
    {
      schema: {
        operationId: 'listSpecialities',
        tags: TAGS,
        summary: '01 · List specialities',
        description: 'Every speciality with at least one doctor listed. No credentials needed.',
        response: partnerResponses(SpecialitiesInfo, SPECIALITIES_EXAMPLE),
      },
    },
    async () => {
      const specs = await listSpecialities(store.db, { withDoctors: true });
      return ok({
        specialities: specs.map((s) => ({
          spec_id: s.code,
          name: s.name,
          description: s.description,
          doctors: s.doctors,
        })),
      });
    },
  );

  app.get(
    '/doctors',
    {
      schema: {
        operationId: 'listDoctors',
        tags: TAGS,
        summary: '02 · Doctors of a speciality',
        description:
          'Doctors with a free slot in the coming days come first (soonest first), then the rest. `lang` keeps only doctors who speak it. No credentials needed.',
        querystring: DoctorsQuery,
        response: partnerResponses(DoctorsInfo, DOCTORS_EXAMPLE),
      },
    },
    async (req) => {
      const { spec_id, lang } = req.query;
      const spec = await findSpeciality(store.db, spec_id);
      if (!spec)
        throw new PartnerError(1004, `spec_id ${spec_id} is not a speciality; list them with GET /specialities`, {
          fields: ['spec_id'],
        });
      const listed = await listDoctors(store.db, spec.id, { ...window(), lang });
      return ok({
        spec_id: spec.code,
        doctor: listed.map(({ doctor, next }) => ({
          ...doctorOut(doctor),
          next_available_slot: next ? slotOut(config.secret, next, doctor.timezone) : null,
        })),
      });
    },
  );

  app.get(
    '/slots',
    {
      preValidation: partnerAuth({ optional: true }),
      schema: {
        operationId: 'listVideoSlots',
        tags: TAGS,
        summary: "03 · A doctor and the day's free slots",
        description:
          `Free slots of the doctor on \`date\` (a calendar day in the doctor's time zone), starting at least ${config.videoLeadMinutes} minutes from now. ` +
          "Times are ISO-8601 in the doctor's time zone. No credentials needed; when Cmt is sent, it and Authorization are verified.",
        querystring: SlotsQuery,
        response: partnerResponses(SlotsInfo, SLOTS_EXAMPLE),
      },
    },
    async (req) => {
      const { doctor_id, date } = req.query;
      if (!isIsoDate(date))
        throw new PartnerError(1001, `date must be a real calendar date in YYYY-MM-DD form, got "${date}"`, {
          fields: ['date'],
        });
      const doctor = await findListedDoctor(store.db, doctor_id);
      if (!doctor)
        throw new PartnerError(1004, `doctor_id ${doctor_id} does not exist; list doctors with GET /doctors?spec_id=`, {
          fields: ['doctor_id'],
        });
      const past = pastDate(date, app.now(), doctor.timezone);
      if (past) throw new PartnerError(1001, pastDateMessage('date', date, past.today), { fields: ['date'] });
      const slots = await freeSlotsOn(store.db, doctor, date, window());
      return ok({
        doctor_id: doctor.code,
        date,
        timezone: doctor.timezone,
        doctor: doctorOut(doctor),
        slots: slots.map((s) =>
          slotOut(config.secret, { id: s.id, start_at: s.start_at, end_at: s.end_at }, doctor.timezone),
        ),
      });
    },
  );
};
