// The partner webhook API at /webhooks/v1 (docs/webhooks.md): a partner registers, lists and
// disables its endpoints, reads their deliveries and asks for a redelivery. Every call is
// signed like the other partner calls (partner token + Cmt, docs/partner-auth.md) and acts
// only on the calling partner's endpoints.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { createEndpoint, listEndpoints, setEndpointEnabled } from '../../core/webhooks/endpoints.js';
import { deliveriesOf, redeliver } from '../../core/webhooks/history.js';
import {
  installPartnerScope,
  ok,
  PARTNER_SECURITY,
  partnerAuth,
  partnerResponses,
  requirePartner,
} from '../partner/index.js';
import {
  CREATED_EXAMPLE,
  Created,
  CreateEndpointBody,
  DELIVERY_EXAMPLE,
  DeliveryList,
  DeliveryParams,
  ENDPOINT_EXAMPLE,
  Endpoint,
  EndpointList,
  EndpointParams,
  REDELIVERY_EXAMPLE,
  Redelivery,
} from './schemas.js';

const tags = ['Webhooks'];

export const webhooksApi: FastifyPluginAsyncTypebox = async (app) => {
  installPartnerScope(app);
  const auth = { preValidation: partnerAuth() };

  app.post(
    '/endpoints',
    {
      ...auth,
      schema: {
        tags,
        operationId: 'createWebhookEndpoint',
        summary: 'Register a webhook endpoint (signed); its signing secret is shown only in this answer',
        description:
          'Events of your bookings are POSTed to `url`, signed in the Standard Webhooks format with the returned `whsec_…` secret. `events` limits them to some types; omitted, every type is sent.',
        security: PARTNER_SECURITY,
        body: CreateEndpointBody,
        response: partnerResponses(
          Created,
          CREATED_EXAMPLE,
          'endpoint created; keep the secret, it is not shown again',
        ),
      },
    },
    async (req) => {
      const r = await createEndpoint(app.store, app.config.secret, {
        partnerCode: requirePartner(req).code,
        url: req.body.url,
        events: req.body.events,
        production: app.config.mode === 'production',
      });
      return ok(r, 'endpoint created; keep the secret, it is not shown again');
    },
  );

  app.get(
    '/endpoints',
    {
      ...auth,
      schema: {
        tags,
        operationId: 'listWebhookEndpoints',
        summary: 'Your webhook endpoints (signed)',
        security: PARTNER_SECURITY,
        response: partnerResponses(EndpointList, { endpoints: [ENDPOINT_EXAMPLE] }),
      },
    },
    async (req) => ok({ endpoints: await listEndpoints(app.store.db, requirePartner(req).code) }),
  );

  for (const [action, enabled] of [
    ['disable', false],
    ['enable', true],
  ] as const) {
    app.post(
      `/endpoints/:endpoint_id/${action}`,
      {
        ...auth,
        schema: {
          tags,
          operationId: `${action}WebhookEndpoint`,
          summary: enabled
            ? 'Enable a disabled endpoint again (signed): new events are delivered to it'
            : 'Disable an endpoint (signed): no new deliveries; pending ones fail at their turn',
          security: PARTNER_SECURITY,
          params: EndpointParams,
          response: partnerResponses(Endpoint, { ...ENDPOINT_EXAMPLE, enabled }),
        },
      },
      async (req) => ok(await setEndpointEnabled(app.store, requirePartner(req).code, req.params.endpoint_id, enabled)),
    );
  }

  app.get(
    '/endpoints/:endpoint_id/deliveries',
    {
      ...auth,
      schema: {
        tags,
        operationId: 'listWebhookDeliveries',
        summary: "An endpoint's latest 50 deliveries, newest first, each with its attempts (signed)",
        security: PARTNER_SECURITY,
        params: EndpointParams,
        response: partnerResponses(DeliveryList, { deliveries: [DELIVERY_EXAMPLE] }),
      },
    },
    async (req) =>
      ok({ deliveries: await deliveriesOf(app.store.db, requirePartner(req).code, req.params.endpoint_id) }),
  );

  app.post(
    '/deliveries/:delivery_id/redeliver',
    {
      ...auth,
      schema: {
        tags,
        operationId: 'redeliverWebhook',
        summary: 'Deliver an event again (signed): the delivery is attempted within seconds',
        security: PARTNER_SECURITY,
        params: DeliveryParams,
        response: partnerResponses(Redelivery, REDELIVERY_EXAMPLE, 'redelivery scheduled'),
      },
    },
    async (req) =>
      ok(await redeliver(app.store, requirePartner(req).code, req.params.delivery_id), 'redelivery scheduled'),
  );
};
