// POST /book, GET /bookings/{booking_id}, POST /cancel, POST /reschedule: signed
// (Authorization + Cmt) and scoped to the partner that made the booking.
import type { FastifyPluginAsyncTypebox, Static } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { checkoutUrls } from '../../core/partners/checkout-urls.js';
import { paymentProvider } from '../../core/partners/payment-providers.js';
import {
  bookConsultation,
  cancelConsultation,
  getConsultation,
  rescheduleConsultation,
  type Consultation,
} from '../../core/video/consultations.js';
import { decodeSlotId } from '../../core/video/slot-ids.js';
import type { Partner } from '../../store/schema.js';
import { PARTNER_SECURITY, ok, partnerAuth, partnerResponses, requirePartner } from '../partner/index.js';
import { signedWriteAroundFastify } from '../partner/fast-writes.js';
import { bookingOut } from './present.js';
import {
  BOOKING_EXAMPLE,
  BookBody,
  BookingIdBody,
  BookingInfo,
  BookingParams,
  CONFIRMED_EXAMPLE,
  RescheduleBody,
} from './schemas.js';

const TAGS = ['Video Consultation'];

export const bookingRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { config, store } = app;
  const provider = () => paymentProvider(config);
  const out = (c: Consultation) => bookingOut(config, c, (p) => provider().checkoutUrl(p));
  const owner = (req: FastifyRequest) => requirePartner(req).code;
  const signed = partnerAuth();

  /** The booking and the route's answer to it, as the route and the path around Fastify make them. */
  const book = (partner: Partner, body: Static<typeof BookBody>) => {
    // Before any I/O: the checkout URLs checked (a throw refuses them) and the slot id decoded
    // (undefined when it is not one: the booking then refuses it, as a made-up slot).
    const checkout = checkoutUrls(partner, { return_url: body.return_url, cancel_url: body.cancel_url });
    const slotId = decodeSlotId(config.secret, body.slot_id);
    return async () => {
      const { consultation, reused, paymentUrl } = await bookConsultation(store, {
        partnerId: partner.code,
        partnerReference: body.partner_reference,
        doctorId: body.doctor_id,
        slotId,
        patient: body.patient,
        reason: body.reason ?? null,
        request: {
          doctor_id: body.doctor_id,
          slot_id: body.slot_id,
          patient: body.patient,
          reason: body.reason ?? null,
          // Absent (and so not hashed) when no URL was sent: earlier bookings keep their hashes.
          checkout,
        },
        checkout,
        holdMinutes: config.holdMinutes,
        leadMinutes: config.videoLeadMinutes,
        provider: provider(),
        now: app.now(),
      });
      return {
        payload: ok(
          bookingOut(config, consultation, () => paymentUrl),
          reused ? 'booking already exists for this partner_reference' : 'booking created',
        ),
      };
    };
  };
  // Also answered around Fastify (../partner/fast-writes.ts) when the partner's credentials are
  // kept: the same checks and booking, and the route's answer; a refused booking in the envelope.
  const learnSerializer = signedWriteAroundFastify(app, '/book', BookBody, book);

  app.post(
    '/book',
    {
      preValidation: signed,
      schema: {
        operationId: 'bookVideoConsultation',
        tags: TAGS,
        summary: '04 · Book a consultation (held until paid)',
        security: PARTNER_SECURITY,
        description:
          `Holds the slot for ${config.holdMinutes} minutes and returns the checkout page (\`payment_url\`). Only the payment provider's verified ` +
          'notification confirms the booking; then GET /bookings/{booking_id} shows the `join_url`. The same `partner_reference` with the same payload ' +
          'returns the same booking (safe to retry); with a different payload it is a 1001. A taken slot, a slot in the past, or one starting less than ' +
          `${config.videoLeadMinutes} minutes from now is a 1005 whose message says which.`,
        body: BookBody,
        response: partnerResponses(BookingInfo, BOOKING_EXAMPLE, 'booking created'),
      },
    },
    async (req, reply) => {
      const { payload } = await book(requirePartner(req), req.body)();
      learnSerializer(reply);
      return payload;
    },
  );

  app.get(
    '/bookings/:booking_id',
    {
      preValidation: signed,
      schema: {
        operationId: 'getVideoBooking',
        tags: TAGS,
        summary: 'A booking: status and, once confirmed, the join link',
        security: PARTNER_SECURITY,
        description: `\`join_url\` appears once the payment is confirmed; the room is valid from ${config.videoJoinEarlyMinutes} minutes before the slot until its end. Only the partner that made the booking sees it (1004 for anyone else).`,
        params: BookingParams,
        response: partnerResponses(BookingInfo, CONFIRMED_EXAMPLE),
      },
    },
    async (req) => {
      return ok(out(await getConsultation(store.db, owner(req), req.params.booking_id, app.now())));
    },
  );

  app.post(
    '/cancel',
    {
      preValidation: signed,
      schema: {
        operationId: 'cancelVideoBooking',
        tags: TAGS,
        summary: 'Cancel a booking',
        security: PARTNER_SECURITY,
        description:
          "Frees the slot. A paid booking's payment becomes `refund_due`. Cancelling a cancelled booking returns it unchanged; an expired, completed or already started consultation cannot be cancelled (1001).",
        body: BookingIdBody,
        response: partnerResponses(
          BookingInfo,
          { ...BOOKING_EXAMPLE, status: 'cancelled', payment_url: null, expires_at: null },
          'booking cancelled',
        ),
      },
    },
    async (req) => {
      return ok(out(await cancelConsultation(store, owner(req), req.body.booking_id, app.now())), 'booking cancelled');
    },
  );

  app.post(
    '/reschedule',
    {
      preValidation: signed,
      schema: {
        operationId: 'rescheduleVideoBooking',
        tags: TAGS,
        summary: 'Move a booking to another free slot of the same doctor',
        security: PARTNER_SECURITY,
        description:
          'Atomic: if the new slot is taken (1005) or not bookable, the booking keeps its current slot. The join link stays the same and follows the new time.',
        body: RescheduleBody,
        response: partnerResponses(BookingInfo, CONFIRMED_EXAMPLE, 'booking rescheduled'),
      },
    },
    async (req) => {
      const { booking_id, slot_id } = req.body;
      const c = await rescheduleConsultation(store, owner(req), booking_id, decodeSlotId(config.secret, slot_id), {
        leadMinutes: config.videoLeadMinutes,
        now: app.now(),
      });
      return ok(out(c), 'booking rescheduled');
    },
  );
};
