// The signed booking routes: POST /book, GET /bookings/{booking_id}, POST /cancel.
import type { FastifyInstance } from 'fastify';
import { bookKids, cancelKids, kidsBookingView, partnerBooking, type KidsBookInput } from '../../core/kids/booking.js';
import { money } from '../../core/partners/money.js';
import { paymentProvider } from '../../core/partners/payment-providers.js';
import { PARTNER_SECURITY, ok, partnerAuth, partnerResponses, requirePartner } from '../partner/index.js';
import { BOOKED_EXAMPLE, BOOKING_EXAMPLE, BookBody, BookedSchema, BookingIdParams, CancelBody } from './schemas.js';
import { Type } from '@sinclair/typebox';

const TAGS = ['Kids Vaccination'];

export async function bookingRoutes(app: FastifyInstance): Promise<void> {
  app.post('/book', {
    preValidation: partnerAuth(),
    schema: {
      tags: TAGS, summary: '04 · Book a slot for a child: holds the seat and returns the payment URL (signed)',
      description: 'The booking holds its seat until paid or until `expires_at` (unpaid holds give their seat back). It is confirmed only by the payment provider\'s verified notification. ' +
        'Retrying with the same `partner_reference` and payload returns the same booking; the same reference with a different payload is 1001. A child outside a service\'s age range is 1001 naming the service. A full slot is 1005.',
      security: PARTNER_SECURITY, body: BookBody,
      response: partnerResponses(BookedSchema, BOOKED_EXAMPLE, 'booking held; awaiting payment'),
    },
  }, async (req, reply) => {
    const input = req.body as KidsBookInput;
    const provider = paymentProvider(app.config);
    const r = await bookKids(app.store, requirePartner(req), input, { holdMinutes: app.config.holdMinutes, provider });
    const view = await kidsBookingView(app.store, r.booking, provider);
    if (!r.reused) reply.header('location', `${app.prefix}/bookings/${r.booking.code}`);
    return ok({
      booking_id: r.booking.code, status: view.status, partner_reference: input.partner_reference, payment_id: r.payment.code,
      payment_url: provider.checkoutUrl(r.payment), expires_at: view.expires_at, amount: money(r.booking.amount_minor ?? 0, r.booking.currency ?? 'SAR'),
    }, r.reused ? 'booking already exists for this partner_reference' : 'booking held; awaiting payment');
  });

  app.get('/bookings/:booking_id', {
    preValidation: partnerAuth(),
    schema: {
      tags: TAGS, summary: 'Status of one of your bookings (signed; body hash of the empty string)', security: PARTNER_SECURITY, params: BookingIdParams,
      response: partnerResponses(Type.Ref('KidsBooking'), BOOKING_EXAMPLE),
    },
  }, async (req) => {
    const { booking_id } = req.params as { booking_id: string };
    const b = await partnerBooking(app.store, requirePartner(req), booking_id);
    return ok(await kidsBookingView(app.store, b, paymentProvider(app.config)));
  });

  app.post('/cancel', {
    preValidation: partnerAuth(),
    schema: {
      tags: TAGS, summary: 'Cancel one of your bookings (signed); its seat returns to availability',
      description: 'A held or confirmed booking can be cancelled; a paid one is marked for refund. Cancelling a cancelled or expired booking is 1001.',
      security: PARTNER_SECURITY, body: CancelBody,
      response: partnerResponses(Type.Ref('KidsBooking'), { ...BOOKING_EXAMPLE, status: 'cancelled', cancelled_at: '2026-11-23T17:00:00.000Z' }, 'booking cancelled'),
    },
  }, async (req) => {
    const { booking_id } = req.body as { booking_id: string };
    const b = await cancelKids(app.store, requirePartner(req), booking_id);
    return ok(await kidsBookingView(app.store, b, paymentProvider(app.config)), 'booking cancelled');
  });
}
