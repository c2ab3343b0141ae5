// GET /specialities, GET /doctors?spec_id=&lang=, GET /slots?doctor_id=&date= : the public
// catalogue. No credentials needed; /slots verifies Authorization + Cmt when they are sent.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { SlotAvailability } from '../../core/scheduling/availability.js';
import { freeSlotsOn, keptFreeSlotsOn } from '../../core/video/doctor-slots.js';
import {
  type Doctor,
  findListedDoctor,
  findSpeciality,
  keptListedDoctor,
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

  /** The answer of /slots: the doctor and their free slots on `date`. */
  const slotsAnswer = (doctor: Doctor, date: string, slots: readonly SlotAvailability[]) =>
    ok({
      doctor_id: doctor.code,
      date,
      timezone: doctor.timezone,
      doctor: doctorOut(doctor),
      slots: slots.map((s) => slotOut(config.secret, s, doctor.timezone)),
    });
  /** The route's serializer (its 200 response schema's), taken from its first reply. */
  let serialize: ((payload: unknown) => string) | undefined;
  /**
   * The text of each list of free slots: a list stays the same object while the doctor's day
   * is kept and the same slots are bookable (core/video/doctors.ts), and the doctor object
   * while the catalogue is unchanged, so a kept text is current.
   */
  const texts = new WeakMap<readonly SlotAvailability[], { doctor: Doctor; date: string; text: string }>();

  // Also answered around Fastify (../fast-reads.ts) when the request is anonymous (no Cmt: the
  // route verifies nothing then), its query is one the route accepts, and the doctor and their
  // day of slots are kept and current: rendered at once with the route's serializer, no SQL.
  // Anything else (a bad or past date, an unknown doctor, a signed request) is the route's.
  app.fastReads.add(`${app.prefix}/slots`, (query, req) => {
    if (!serialize || req.headers.cmt !== undefined) return undefined;
    const { doctor_id, date } = query;
    // The query schema's limits (a UTF-16 length within them is within them in code points too).
    if (!doctor_id || doctor_id.length > 64 || !date || !isIsoDate(date)) return undefined;
    const doctor = keptListedDoctor(store.db, doctor_id);
    const now = app.now();
    if (!doctor || pastDate(date, now, doctor.timezone)) return undefined;
    const slots = keptFreeSlotsOn(store.db, doctor, date, window());
    if (!slots) return undefined;
    const kept = texts.get(slots);
    if (kept && kept.doctor === doctor && kept.date === date) return { text: kept.text, principal: null };
    const text = serialize(slotsAnswer(doctor, date, slots));
    texts.set(slots, { doctor, date, text });
    return { text, principal: null };
  });

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
    async (req, reply) => {
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
      serialize ??= reply.getSerializationFunction('200') as (payload: unknown) => string;
      return slotsAnswer(doctor, date, await freeSlotsOn(store.db, doctor, date, window()));
    },
  );
};
