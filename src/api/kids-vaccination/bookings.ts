// The signed booking routes: POST /book, GET /bookings/{booking_id}, POST /cancel.
import { Type, type FastifyPluginAsyncTypebox, type Static } from '@fastify/type-provider-typebox';
import { bookKidsVisit, cancelKidsVisit, partnerVisit } from '../../core/kids/booking.js';
import { paymentProvider } from '../../core/partners/payment-providers.js';
import type { Partner } from '../../store/schema.js';
import { PARTNER_SECURITY, ok, partnerAuth, partnerResponses, requirePartner } from '../partner/index.js';
import { signedWriteAroundFastify } from '../partner/fast-writes.js';
import { bookedView, kidsBookingView, visitRequest } from './present.js';
import { BOOKED_EXAMPLE, BOOKING_EXAMPLE, BookBody, BookedSchema, BookingIdParams, CancelBody } from './schemas.js';

const TAGS = ['Kids Vaccination'];

export const bookingRoutes: FastifyPluginAsyncTypebox = async (app) => {
  /** The booking and the route's answer to it, as the route and the path around Fastify make them. */
  const book = (partner: Partner, body: Static<typeof BookBody>) => {
    const request = visitRequest(body, partner); // checks the checkout URLs: throws before any I/O
    return async () => {
      const r = await bookKidsVisit(app.store, partner, request, {
        holdMinutes: app.config.holdMinutes,
        provider: paymentProvider(app.config),
      });
      return {
        payload: ok(
          bookedView(r, body.partner_reference),
          r.reused ? 'booking already exists for this partner_reference' : 'booking held; awaiting payment',
        ),
        headers: r.reused ? [] : ['location', `${app.prefix}/bookings/${r.booking.code}`],
      };
    };
  };
  // Also answered around Fastify (../partner/fast-writes.ts) when the partner's credentials are
  // kept: the same checks and booking, and the route's answer; a refused booking in the envelope.
  const learnSerializer = signedWriteAroundFastify(app, '/book', BookBody, book);

  app.post(
    '/book',
    {
      preValidation: partnerAuth(),
      schema: {
        operationId: 'bookKidsVaccination',
        tags: TAGS,
        summary: '04 · Book a slot for a child: holds the seat and returns the payment URL (signed)',
        description:
          "The booking holds its seat until paid or until `expires_at` (unpaid holds give their seat back). It is confirmed only by the payment provider's verified notification. " +
          "Retrying with the same `partner_reference` and payload returns the same booking; the same reference with a different payload is 1001. A child outside a service's age range is 1001 naming the service. A full slot is 1005.",
        security: PARTNER_SECURITY,
        body: BookBody,
        response: partnerResponses(BookedSchema, BOOKED_EXAMPLE, 'booking held; awaiting payment'),
      },
    },
    async (req, reply) => {
      const { payload, headers } = await book(requirePartner(req), req.body)();
      for (let i = 0; i < headers.length; i += 2) reply.header(headers[i], headers[i + 1]);
      learnSerializer(reply);
      return payload;
    },
  );

  app.get(
    '/bookings/:booking_id',
    {
      preValidation: partnerAuth(),
      schema: {
        operationId: 'getKidsBooking',
        tags: TAGS,
        summary: 'Status of one of your bookings (signed; body hash of the empty string)',
        security: PARTNER_SECURITY,
        params: BookingIdParams,
        response: partnerResponses(Type.Ref('KidsBooking'), BOOKING_EXAMPLE),
      },
    },
    async (req) => {
      const visit = await partnerVisit(app.store, requirePartner(req), req.params.booking_id);
      return ok(kidsBookingView(visit, paymentProvider(app.config)));
    },
  );

  app.post(
    '/cancel',
    {
      preValidation: partnerAuth(),
      schema: {
        operationId: 'cancelKidsBooking',
        tags: TAGS,
        summary: 'Cancel one of your bookings (signed); its seat returns to availability',
        description:
          'A held or confirmed booking can be cancelled; a paid one is marked for refund. Cancelling a cancelled or expired booking is 1001.',
        security: PARTNER_SECURITY,
        body: CancelBody,
        response: partnerResponses(
          Type.Ref('KidsBooking'),
          { ...BOOKING_EXAMPLE, status: 'cancelled', cancelled_at: '2026-11-23T17:00:00.000Z' },
          'booking cancelled',
        ),
      },
    },
    async (req) => {
      const visit = await cancelKidsVisit(app.store, requirePartner(req), req.body.booking_id);
      return ok(kidsBookingView(visit, paymentProvider(app.config)), 'booking cancelled');
    },
  );
};
