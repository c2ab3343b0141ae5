// Vaccination appointments: v4 schedule, reschedule (204) and cancel (204), and the 2021
// /api/v2/appointment/* paths as their aliases. A session is named by its UUID and a slot by
// its time range ("09:00AM-11:00AM"); both are resolved to the core's slot, then the core's
// appointment rules run exactly as for v1 (same beneficiaries, same checks, same seats).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import {
  cancelAppointment,
  MAX_PER_APPOINTMENT,
  rescheduleAppointment,
  scheduleAppointment,
  type SlotChoice,
} from '../../core/cowin/appointments.js';
import { normalizeReferenceId } from '../../core/cowin/beneficiaries/index.js';
import { mobileOf } from './auth.js';
import { badInput, V2Error } from './errors.js';
import { BENEFICIARY_SECURITY, errors, TAGS } from './schemas.js';
import { slotName } from './slot-names.js';

const SESSION = '8fa243cd-9f26-4a43-a422-714ba8f41bf2';
const APPOINTMENT = 'bd1acd68-5888-454c-96aa-99d46e7eb065';
const idList = Type.Array(Type.Union([Type.String(), Type.Integer()]), { maxItems: MAX_PER_APPOINTMENT * 4 });

const ScheduleBody = Type.Object(
  {
    center_id: Type.Optional(Type.Union([Type.Integer(), Type.String()])),
    session_id: Type.Optional(Type.String()),
    beneficiaries: Type.Optional(idList),
    slot: Type.Optional(Type.String()),
    is_precaution: Type.Optional(Type.Boolean()),
    dose: Type.Optional(Type.Integer()),
  },
  {
    examples: [
      {
        center_id: 925,
        session_id: SESSION,
        beneficiaries: ['14527409197190'],
        slot: '11:00AM-01:00PM',
        is_precaution: false,
        dose: 1,
      },
    ],
  },
);
const RescheduleBody = Type.Object(
  {
    appointment_id: Type.Optional(Type.String()),
    session_id: Type.Optional(Type.String()),
    slot: Type.Optional(Type.String()),
    is_precaution: Type.Optional(Type.Boolean()),
  },
  { examples: [{ appointment_id: APPOINTMENT, session_id: SESSION, slot: '01:00PM-03:00PM', is_precaution: false }] },
);
const CancelBody = Type.Object(
  { appointment_id: Type.Optional(Type.String()), beneficiariesToCancel: Type.Optional(idList) },
  { examples: [{ appointment_id: APPOINTMENT, beneficiariesToCancel: ['20465900546000'] }] },
);
const NoContent = { 204: Type.Null({ description: 'Done' }) };

export const appointmentRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const ids = app.cowinV2Ids;
  const reads = app.cowinV2Reads;
  const guard = app.cowinV2Auth.beneficiary;

  /** The core slot of a v2 session and slot string. */
  async function choice(
    sessionId: string | undefined,
    slot: string | undefined,
    centreId?: number,
  ): Promise<SlotChoice> {
    if (!sessionId) throw badInput('session_id is required, from a sessions or calendar call');
    if (!slot) throw badInput('slot is required, one of the session\'s slots like "09:00AM-11:00AM"');
    const ref = ids.session(sessionId);
    if (!ref || (centreId !== undefined && centreId !== ref.centreId))
      throw new V2Error(
        'APPOIN0007',
        `session id does not exist: ${String(sessionId).slice(0, 40)} is not a session${centreId ? ` of center_id ${centreId}` : ''}`,
      );
    const now = new Date();
    const [centre] = await reads.centres({ ids: [ref.centreId] }, now);
    if (!centre) throw new V2Error('APPOIN0007', 'session id does not exist: its centre is closed');
    const sessions = await reads.sessionsOf(centre, ref.date, 1, now);
    const session = sessions.find((s) => s.offeringId === ref.offeringId);
    if (!session)
      throw new V2Error('APPOIN0002', 'No session found: this session has no slot left that has not started');
    const wanted = slot.trim().toUpperCase();
    const found = session.slots.find((s) => slotName(s.from, s.to) === wanted);
    if (!found)
      throw new V2Error(
        'APPOIN0015',
        `Invalid Slot: "${slot.slice(0, 40)}" is not a slot of this session; choose one of ${session.slots.map((s) => slotName(s.from, s.to)).join(', ')}`,
      );
    return { centreId: ref.centreId, date: ref.date, slotId: found.id };
  }

  function appointmentNo(raw: string | undefined): number {
    if (!raw) throw new V2Error('APPOIN0041', 'Appointment confirmation number is required (appointment_id)');
    const n = ids.appointment(raw);
    if (n === undefined)
      throw new V2Error('APPOIN0031', 'This appointment is not linked to your mobile number (unknown appointment_id)');
    return n;
  }

  const references = (list: (string | number)[]) => list.map((r) => normalizeReferenceId(r));

  for (const prefix of ['/api/v4/appointment', '/api/v2/appointment']) {
    const v4 = prefix.startsWith('/api/v4');
    const note = (op: string) => (v4 ? undefined : `2021 path of /api/v4/appointment/${op}`);

    app.post(
      `${prefix}/schedule`,
      {
        preHandler: guard,
        schema: {
          operationId: 'schedule',
          tags: TAGS,
          security: BENEFICIARY_SECURITY,
          summary: note('schedule') ?? "Book an appointment for beneficiaries of the bearer token's mobile",
          hide: !v4,
          body: ScheduleBody,
          response: {
            200: Type.Object(
              { appointment_confirmation_no: Type.String() },
              { examples: [{ appointment_confirmation_no: '0c2345c8-6559-42d9-a1af-3774230c16ab' }] },
            ),
            ...errors(400, 401),
          },
        },
      },
      async (req) => {
        const b = req.body ?? {};
        if (!b.beneficiaries?.length)
          throw new V2Error('APPOIN0005', 'beneficiaries is required: 1 to 4 beneficiary reference ids');
        const centreId = b.center_id === undefined ? undefined : Number(b.center_id);
        const booking = await scheduleAppointment(app.store, {
          ...(await choice(b.session_id, b.slot, centreId)),
          mobile: mobileOf(req),
          referenceIds: references(b.beneficiaries),
        });
        return { appointment_confirmation_no: ids.appointmentId(booking.code) };
      },
    );

    app.post(
      `${prefix}/reschedule`,
      {
        preHandler: guard,
        schema: {
          operationId: 'rescheduleAppointment',
          tags: TAGS,
          security: BENEFICIARY_SECURITY,
          summary: note('reschedule') ?? 'Move an appointment to another session or slot (204)',
          hide: !v4,
          body: RescheduleBody,
          response: { ...NoContent, ...errors(400, 401) },
        },
      },
      async (req, reply) => {
        const b = req.body ?? {};
        const confirmationNo = appointmentNo(b.appointment_id);
        await rescheduleAppointment(app.store, {
          ...(await choice(b.session_id, b.slot)),
          mobile: mobileOf(req),
          confirmationNo,
        });
        return reply.code(204).send(null);
      },
    );

    app.post(
      `${prefix}/cancel`,
      {
        preHandler: guard,
        schema: {
          operationId: 'cancelAppointment',
          tags: TAGS,
          security: BENEFICIARY_SECURITY,
          summary:
            note('cancel') ??
            'Cancel an appointment (204); beneficiariesToCancel lists all its beneficiaries, or is empty for all',
          hide: !v4,
          body: CancelBody,
          response: { ...NoContent, ...errors(400, 401) },
        },
      },
      async (req, reply) => {
        const b = req.body ?? {};
        const confirmationNo = appointmentNo(b.appointment_id);
        const list = b.beneficiariesToCancel ?? [];
        await cancelAppointment(app.store, {
          mobile: mobileOf(req),
          confirmationNo,
          referenceIds: list.length ? references(list) : undefined,
        });
        return reply.code(204).send(null);
      },
    );
  }
};
