// Payment routes shared by the partner dialects:
//   POST /payments/v1/notifications/{provider}  signed notification from a payment provider
//   GET|POST /payments/v1/sandbox/checkout/{payment_id}  the sandbox provider's checkout page
// The checkout page's buttons settle the payment through the same verification a real
// provider's notification goes through (receiveNotification), never by trusting the browser.
import formbody from '@fastify/formbody';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { effectiveStatus } from '../../core/scheduling/bookings.js';
import { DomainError } from '../../core/shared/errors.js';
import {
  NOTIFICATION_HEADER,
  NOTIFICATION_PATH,
  SANDBOX_CHECKOUT_PATH,
  paymentProvider,
  receiveNotification,
  sandboxProvider,
  settleNotification,
  signNotification,
  type PaymentNotification,
  type PaymentProvider,
} from '../../core/partners/payment-providers.js';
import { findPayment } from '../../core/scheduling/payments.js';
import { opaqueId } from '../../core/shared/ids.js';
import { installPartnerScope, ok, partnerResponses } from '../partner/index.js';
import { backUrl, checkoutCsp, checkoutPage } from './checkout-page.js';

// The page has no scripts and posts only to itself (checkoutCsp). No upgrade-insecure-requests
// (helmet's default), which would send the form to https:// on a plain-http sandbox.

const PaymentId = Type.Object({
  payment_id: Type.String({ pattern: '^pay_[0-9a-z]{1,40}$', examples: ['pay_7fq3x9k2m4p8r1t6v0w5y2z3'] }),
});

const Notification = Type.Object(
  {
    payment_id: Type.String({ examples: ['pay_7fq3x9k2m4p8r1t6v0w5y2z3'] }),
    status: Type.Union([Type.Literal('paid'), Type.Literal('declined')]),
    provider_ref: Type.Optional(Type.String()),
  },
  { examples: [{ payment_id: 'pay_7fq3x9k2m4p8r1t6v0w5y2z3', status: 'paid', provider_ref: 'sbx_01hx…' }] },
);

const Settled = Type.Object({
  payment_id: Type.String(),
  payment_status: Type.String({ description: 'pending | paid | declined | refund_due | refunded' }),
  booking_id: Type.String(),
  booking_status: Type.String(),
  outcome: Type.String({
    description: 'confirmed | already_confirmed | late_confirmed | refused | declined | unchanged',
  }),
});

export const paymentRoutes: FastifyPluginAsyncTypebox = async (app) => {
  installPartnerScope(app);
  const verified = new WeakMap<FastifyRequest, { provider: PaymentProvider; notification: PaymentNotification }>();

  app.post(
    `${NOTIFICATION_PATH}/:provider`,
    {
      schema: {
        operationId: 'receivePaymentNotification',
        tags: ['Payments'],
        summary: 'Payment notification (called by the payment provider, signed)',
        description: `Signed with the provider secret: header \`${NOTIFICATION_HEADER}: t=<unix>,v1=<hex HMAC-SHA256(secret, t + "." + raw body)>\`. Idempotent. See docs/payments.md.`,
        params: Type.Object({ provider: Type.String({ examples: ['sandbox'] }) }),
        body: Notification,
        response: partnerResponses(
          Settled,
          {
            payment_id: 'pay_7fq3x9k2m4p8r1t6v0w5y2z3',
            payment_status: 'paid',
            booking_id: 'bk_3kq8m2x7p1',
            booking_status: 'confirmed',
            outcome: 'confirmed',
          },
          'notification processed',
        ),
      },
      // The signature is checked before the body is judged: an unsigned request learns nothing.
      preValidation: async (req) => {
        const provider = paymentProvider(app.config, req.params.provider);
        verified.set(req, {
          provider,
          notification: provider.verifyNotification(req.rawBody ?? Buffer.alloc(0), req.headers),
        });
      },
    },
    async (req) => {
      const { provider, notification } = verified.get(req)!;
      const r = await settleNotification(app.store, provider, notification);
      return ok(
        {
          payment_id: r.payment.code,
          payment_status: r.payment.status,
          booking_id: r.booking.code,
          booking_status: effectiveStatus(r.booking),
          outcome: r.outcome,
        },
        'notification processed',
      );
    },
  );

  if (app.config.paymentProvider !== 'sandbox') return;
  const sandbox = sandboxProvider(app.config);

  async function load(code: string) {
    const payment = await findPayment(app.store.db, code);
    if (!payment || payment.provider !== sandbox.name)
      throw new DomainError('not_found', `payment ${code} does not exist`);
    const booking = await app.store.db
      .selectFrom('bookings')
      .selectAll()
      .where('id', '=', payment.booking_id)
      .executeTakeFirstOrThrow();
    return { payment, booking, holdExpired: effectiveStatus(booking) === 'expired' };
  }

  // The checkout page's buttons post an HTML form: only this scope parses form bodies (the
  // partner scope takes JSON only, so a signature always covers the bytes acted on).
  await app.register(async (scope) => {
    const checkout = scope.withTypeProvider<TypeBoxTypeProvider>();
    await checkout.register(formbody);
    const html = { 200: Type.String({ description: 'HTML page', examples: ['<!doctype html>…'] }) };
    const refused = { 400: Type.Ref('PartnerError'), 404: Type.Ref('PartnerError') };

    checkout.get(
      `${SANDBOX_CHECKOUT_PATH}/:payment_id`,
      {
        schema: {
          operationId: 'showSandboxCheckout',
          tags: ['Payments'],
          summary: 'Sandbox checkout page (the payment_url of a held booking)',
          params: PaymentId,
          response: { ...html, ...refused },
          produces: ['text/html'],
        },
      },
      async (req, reply) => {
        const state = await load(req.params.payment_id);
        return reply
          .type('text/html; charset=utf-8')
          .header('cache-control', 'no-store')
          .header('content-security-policy', checkoutCsp(state.booking))
          .send(checkoutPage({ ...state, action: req.url.split('?')[0] }));
      },
    );

    checkout.post(
      `${SANDBOX_CHECKOUT_PATH}/:payment_id`,
      {
        schema: {
          operationId: 'submitSandboxCheckout',
          tags: ['Payments'],
          summary: 'Approve or decline on the sandbox checkout page (form POST)',
          description:
            'The sandbox provider sends itself a signed notification, exactly what a real provider would send, then shows the page again.',
          params: PaymentId,
          consumes: ['application/x-www-form-urlencoded'],
          body: Type.Object(
            { action: Type.Union([Type.Literal('approve'), Type.Literal('decline')]) },
            { examples: [{ action: 'approve' }] },
          ),
          response: {
            303: Type.Null({
              description:
                "Redirect to the booking's return_url (paid) or cancel_url (declined) with booking_id and outcome in the query, or back to the checkout page, which shows the outcome",
            }),
            ...refused,
          },
        },
      },
      async (req, reply) => {
        const { payment_id } = req.params;
        const { action } = req.body;
        await load(payment_id);
        const body = JSON.stringify({
          payment_id,
          status: action === 'approve' ? 'paid' : 'declined',
          provider_ref: opaqueId('sbx'),
        });
        const settled = await receiveNotification(app.store, sandbox, Buffer.from(body), {
          [NOTIFICATION_HEADER]: signNotification(sandbox.secret, body),
        });
        // Back to the partner's app when the booking named a URL for this outcome; else the page again.
        const back = backUrl(settled.booking, settled.payment.status);
        return reply.redirect(back ?? req.url.split('?')[0], 303);
      },
    );
  });
};
