// Appointment API (seed 002, C1–C3, plus cancel as the real CoWIN has it), with a beneficiary
// token: every call acts only on beneficiaries linked to the token's mobile number.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Static } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import { findCentres, summariseCentres } from '../../core/cowin/centres.js';
import { linkedBeneficiaries, maskTail } from '../../core/cowin/beneficiaries/index.js';
import { iso, wallClock } from '../../core/shared/time.js';
import {
  appointmentsOf,
  cancelAppointment,
  rescheduleAppointment,
  scheduleAppointment,
} from '../../core/cowin/appointments.js';
import { guestIdOf } from '../../core/cowin/guests.js';
import type { TokenClaims } from '../../core/shared/tokens.js';
import { routeBody } from '../fast-bodies.js';
import { tokenOf } from './auth.js';
import { toCowinBeneficiary } from './beneficiary-schemas.js';
import {
  Appointments,
  CancelBody,
  Cancelled,
  Confirmation,
  RescheduleBody,
  ScheduleBody,
} from './appointment-schemas.js';
import { centreView } from './centre-view.js';
import { timings, toDdMmYyyy, upcomingDate } from './params.js';

const tags = ['Registration & Appointment'];
const security: Record<string, string[]>[] = [{ beneficiaryToken: [] }];
const guestOrBeneficiarySecurity: Record<string, string[]>[] = [{ beneficiaryToken: [] }, { guestToken: [] }];
const errors = {
  400: { $ref: 'CowinError#' },
  401: { $ref: 'CowinError#' },
  404: { $ref: 'CowinError#' },
  409: { $ref: 'CowinError#' },
};

const num = (v: number | string) => Number(v);
/** A beneficiary token's subject is its mobile number. */
const mobileOf = (req: FastifyRequest) => tokenOf(req).sub;
/** Seed 002's auth row names the guest token for C1/C2: a guest acts on the beneficiaries it registered. */
const actorOf = (claims: TokenClaims) =>
  claims.kind === 'guest' ? { guestId: guestIdOf(claims) } : { mobile: claims.sub };

const SCHEDULE = '/api/v1/appointment/scheduleAppointment';
type Schedule = Static<typeof ScheduleBody>;

export const appointmentRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const auth = app.cowinAuth.beneficiary;

  /** C1's booking and its answer, as the route and the path around Fastify both make them. */
  const book = (claims: TokenClaims, b: Schedule, now: Date, date: string) =>
    scheduleAppointment(app.store, {
      ...actorOf(claims),
      now,
      centreId: num(b.center_id),
      date,
      slotId: num(b.slot_id),
      referenceIds: b.beneficiaries.map(num),
    });
  const confirmation = (booking: { code: string }) => ({ appointment_confirmation_no: Number(booking.code) });

  // Also answered around Fastify (../fast-posts.ts) when the guard's checks need no I/O: the
  // body as the route gets it, the same booking, the same text. A booking refused (it wrote
  // nothing) is answered in the CoWIN envelope by the dialect's error handler, without the route
  // running it a second time.
  const scheduleBody = routeBody<Schedule>(app, SCHEDULE, ScheduleBody);
  // A new token's signature is checked off the event loop meanwhile (claimsSoon).
  app.fastReads.addPost(app, SCHEDULE, (req) => {
    const soon = app.cowinAuth.claimsSoon(req.headers, ['guest', 'beneficiary']);
    if (!soon) return undefined;
    return (raw) => {
      const body = scheduleBody(raw);
      if (!body) return undefined;
      const now = app.now();
      const date = upcomingDate(body.date, 'date', now, 'APPOIN0027'); // throws: the route refuses it
      const answerFor = (claims: TokenClaims | undefined) =>
        claims && {
          principal: `guest:${guestIdOf(claims)}`,
          answer: async () => {
            // A refusal (rolled back) is answered by the dialect's error handler, as the route's would be.
            return JSON.stringify(confirmation(await book(claims, body, now, date)));
          },
        };
      return soon instanceof Promise ? soon.then(answerFor) : answerFor(soon);
    };
  });

  app.post(
    SCHEDULE,
    {
      preHandler: app.cowinAuth.guestOrBeneficiary,
      schema: {
        operationId: 'scheduleAppointment',
        tags,
        security: guestOrBeneficiarySecurity,
        summary:
          "Schedule an appointment for beneficiaries linked to the beneficiary token's mobile, or registered by the guest token's account (C1)",
        body: ScheduleBody,
        response: { 200: Confirmation, ...errors },
      },
    },
    async (req) => {
      const now = app.now();
      return confirmation(
        await book(tokenOf(req), req.body, now, upcomingDate(req.body.date, 'date', now, 'APPOIN0027')),
      );
    },
  );

  app.post(
    '/api/v1/appointment/rescheduleAppointment',
    {
      preHandler: app.cowinAuth.guestOrBeneficiary,
      schema: {
        operationId: 'rescheduleAppointmentV1',
        tags,
        security: guestOrBeneficiarySecurity,
        summary:
          'Move an appointment to another slot; if the new slot is full it keeps the old one. A guest token acts on appointments of beneficiaries it registered (C2)',
        body: RescheduleBody,
        response: { 200: Confirmation, ...errors },
      },
    },
    async (req) => {
      const b = req.body;
      const now = app.now();
      const booking = await rescheduleAppointment(app.store, {
        ...actorOf(tokenOf(req)),
        now,
        confirmationNo: num(b.appointment_confirmation_no),
        centreId: num(b.center_id),
        date: upcomingDate(b.date, 'date', now, 'APPOIN0027'),
        slotId: num(b.slot_id),
        referenceIds: b.beneficiaries?.map(num),
      });
      return { appointment_confirmation_no: Number(booking.code) };
    },
  );

  app.post(
    '/api/v1/appointment/cancel',
    {
      preHandler: auth,
      schema: {
        operationId: 'cancelAppointmentV1',
        tags,
        security,
        summary: 'Cancel an appointment and release its seats (as the real CoWIN API)',
        body: CancelBody,
        response: { 200: Cancelled, ...errors },
      },
    },
    async (req) => {
      const booking = await cancelAppointment(app.store, {
        mobile: mobileOf(req),
        confirmationNo: num(req.body.appointment_confirmation_no),
        referenceIds: req.body.beneficiaries.map(num),
      });
      return { appointment_confirmation_no: Number(booking.code), status: 'CANCELLED' as const };
    },
  );

  app.get(
    '/api/v1/appointment',
    {
      preHandler: auth,
      schema: {
        operationId: 'getAppointments',
        tags,
        security,
        summary: "Appointments of the beneficiaries linked to the token's mobile (C3)",
        response: { 200: Appointments, 401: { $ref: 'CowinError#' } },
      },
    },
    async (req) => {
      const mobile = mobileOf(req);
      const rows = await appointmentsOf(app.store.db, mobile);
      const people = new Map(
        (await linkedBeneficiaries(app.store.db, mobile)).map((b) => [Number(b.reference_id), toCowinBeneficiary(b)]),
      );
      const centres = await findCentres(app.store.db, { ids: [...new Set(rows.map((r) => r.slot.place_id))] });
      const summaries = await summariseCentres(app.store.db, centres);
      const byId = new Map(centres.map((c) => [c.id, c]));
      const now = iso();
      return {
        appointments: rows
          .filter((r) => byId.has(r.slot.place_id))
          .map((r) => {
            const c = byId.get(r.slot.place_id)!;
            const v = centreView(c, summaries.get(c.id)!);
            const from = wallClock(r.slot.start_at, c.timezone);
            const to = wallClock(r.slot.end_at, c.timezone);
            const status =
              r.booking.status === 'cancelled' || r.booking.status === 'expired'
                ? ('CANCELLED' as const)
                : r.booking.status === 'completed' || r.slot.end_at <= now
                  ? ('COMPLETED' as const)
                  : ('ACTIVE' as const);
            return {
              beneficiaries: r.referenceIds.map((id) => people.get(id)).filter((b) => b !== undefined),
              center: {
                center_id: c.id,
                name: v.name,
                center_incharge: v.center_incharge,
                mobile: maskTail(c.mobile),
                state_name: v.state,
                district_name: v.district,
                block_name: v.block,
                vtc: v.vtc,
                location: v.location,
                pincode: c.pincode ?? ('' as const),
                area: v.area,
                timings: v.timings,
                vaccine_type: v.vaccine_type,
                daily_capacity: v.daily_capacity,
                centre_type: v.centre_type,
                expiry_date: v.expiry_date,
              },
              appointment: {
                appointment_confirmation_no: Number(r.booking.code),
                date: toDdMmYyyy(from.date),
                slot_id: r.slot.id,
                slot_name: r.slot.label ?? timings(from.time, to.time),
                timings: timings(from.time, to.time),
                status,
              },
            };
          }),
      };
    },
  );
};
