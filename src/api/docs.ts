// The API hub: an OpenAPI 3.1 document generated from the route schemas at /openapi.json,
// rendered by Swagger UI at /docs with "Try it out" against this server. Example dates are
// moved relative to today each time the document is served (./docs-examples.ts); in sandbox
// mode the hub signs partner requests in the browser (./docs-signer.ts).
import swagger from '@fastify/swagger';
import swaggerUi, { type FastifySwaggerUiConfigOptions } from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import type { Config } from '../config.js';
import { withFreshExampleDates } from './docs-examples.js';
import { SIGNER_FILENAME, SIGNER_SCRIPT } from './docs-signer.js';

export const API_TAGS = [
  {
    name: 'Registration & Appointment',
    description:
      'CoWIN-style API for vaccination drives: guest token, beneficiaries, mobile OTP, appointments, centres, time slots, metadata. See docs/cowin-registration.md and docs/cowin-appointments.md.',
  },
  {
    name: 'CoWIN API Setu v2',
    description:
      'The real CoWIN API (API Setu public 1.3.1 and protected 2.3.1) at its official paths, so existing CoWIN clients work unchanged: x-api-key, OTP by SHA-256, sessions, calendars, beneficiaries, appointments, appointment slip PDF. See docs/cowin-v2.md.',
  },
  {
    name: 'CoWIN Vaccinator API',
    description:
      "The state governments' Vaccinator API (cowin-vaccinator-v2.yaml) at its official paths: register, find beneficiaries (audited, inside the key's state), record a dose (vaccinate), download the certificate. Keys of scope vaccinator, one state each. See docs/vaccination-records.md.",
  },
  {
    name: 'CoWIN certificates',
    description:
      'Vaccination certificates (PDF with a QR code holding an Ed25519-signed W3C Verifiable Credential) by beneficiary token, public token or passport (international), vaccination status, and the public keys that verify certificates offline. See docs/vaccination-records.md.',
  },
  {
    name: 'Kids Vaccination',
    description:
      'Partner API: services, details, browse, book → payment URL. Requests to /browse and /book are signed (Authorization + Cmt). See docs/partner-auth.md.',
  },
  {
    name: 'Video Consultation',
    description: 'Partner API: specialities, doctors, slots, book → payment URL and join link.',
  },
  {
    name: 'Payments',
    description:
      'The sandbox checkout page behind every payment_url, and the signed notification endpoint a payment provider calls. See docs/payments.md.',
  },
  { name: 'Operators', description: 'Operator login, facility sheet upload and catalogue management.' },
  {
    name: 'SMART Scheduling Links',
    description:
      'The open availability feed for aggregators: a $bulk-publish manifest and NDJSON files of FHIR Locations, Schedules and Slots, public, with ETag and Last-Modified. See docs/smart-scheduling.md.',
  },
  {
    name: 'Webhooks',
    description:
      'Partner webhook endpoints at /webhooks/v1 (signed like every partner call): register, list, disable, read deliveries, redeliver. Deliveries are signed in the Standard Webhooks format. See docs/webhooks.md.',
  },
  { name: 'System', description: 'Health, readiness and metrics.' },
];

type Interceptor = NonNullable<FastifySwaggerUiConfigOptions['requestInterceptor']>;
/** Runs in the browser (Swagger UI serializes it into the page): careslotSign or the request as is. */
const signInBrowser: Interceptor = (req) => {
  const sign = (globalThis as { careslotSign?: Interceptor }).careslotSign;
  return sign ? sign(req) : req;
};

export async function registerDocs(app: FastifyInstance, config: Config): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Careslot',
        version: '0.1.0',
        description:
          'Open-source appointment booking for health services: three APIs over one scheduling core. ' +
          `In sandbox mode the server prints its credentials at start; every operation below can be tried against ${config.publicUrl}.`,
        license: { name: 'Apache-2.0', identifier: 'Apache-2.0' },
      },
      servers: [{ url: config.publicUrl, description: config.mode === 'sandbox' ? 'This sandbox' : 'This server' }],
      tags: API_TAGS,
      components: {
        securitySchemes: {
          guestToken: {
            type: 'http',
            scheme: 'bearer',
            bearerFormat: 'JWT',
            description: 'Guest token from POST /api/v1/auth/guest/login',
          },
          beneficiaryToken: {
            type: 'http',
            scheme: 'bearer',
            bearerFormat: 'JWT',
            description: 'Beneficiary token from auth/mobileOTP, auth/confirmMobileDob or beneficiary/add',
          },
          operatorToken: {
            type: 'http',
            scheme: 'bearer',
            description: 'Operator token from POST /api/v1/admin/login',
          },
          apiSetuKey: {
            type: 'apiKey',
            in: 'header',
            name: 'x-api-key',
            description: 'API Setu v2 key (careslot apikey create; the sandbox prints one at start)',
          },
          apiSetuToken: {
            type: 'http',
            scheme: 'bearer',
            bearerFormat: 'JWT',
            description: 'Bearer token from POST /api/v2/auth/confirmOTP',
          },
          partnerToken: { type: 'http', scheme: 'bearer', description: 'Partner token (careslot partner create)' },
          cmt: {
            type: 'apiKey',
            in: 'header',
            name: 'Cmt',
            description: 't=<unix>,n=<nonce>,v1=<hex HMAC-SHA256>; see docs/partner-auth.md',
          },
        },
      },
    },
    // Shared schemas keep their $id as the component name instead of def-0, def-1…
    refResolver: {
      buildLocalReference: (json, _base, _fragment, i) => (typeof json.$id === 'string' ? json.$id : `def-${i}`),
    },
  });
  const sandbox = config.mode === 'sandbox';
  await app.register(swaggerUi, {
    routePrefix: '/docs',
    uiConfig: {
      docExpansion: 'list',
      deepLinking: true,
      tryItOutEnabled: true,
      displayRequestDuration: true,
      // Serialized into the page; careslotSign comes from the signer script (sandbox only).
      ...(sandbox
        ? {
            requestInterceptor: signInBrowser,
          }
        : {}),
    },
    ...(sandbox ? { theme: { js: [{ filename: SIGNER_FILENAME, content: SIGNER_SCRIPT }] } } : {}),
    transformSpecification: (doc) => withFreshExampleDates(doc, new Date()),
    transformSpecificationClone: false,
    staticCSP: false,
  });
  app.get('/openapi.json', { schema: { hide: true } }, async () => withFreshExampleDates(app.swagger(), new Date()));
}
