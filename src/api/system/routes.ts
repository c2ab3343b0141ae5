// Process health, database readiness and Prometheus metrics.
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { createHash, timingSafeEqual } from 'node:crypto';
import { bearerToken } from '../bearer.js';

const Health = Type.Object({ status: Type.String() }, { examples: [{ status: 'ok' }] });
const Ready = Type.Object(
  {
    status: Type.String(),
    read_model: Type.Optional(
      Type.String({
        description:
          'The availability read model loaded at start (`loading`, then `loaded`; on PostgreSQL once the change listener is connected); reads answer meanwhile, from the database',
      }),
    ),
  },
  { examples: [{ status: 'ok', read_model: 'loaded' }] },
);
const NotReady = Type.Object(
  { status: Type.String(), error: Type.String() },
  { examples: [{ status: 'unavailable', error: 'database unreachable' }] },
);

const Unauthorized = Type.Object(
  { error: Type.String() },
  { examples: [{ error: 'send Authorization: Bearer <METRICS_TOKEN> to read /metrics' }] },
);

const digest = (s: string) => createHash('sha256').update(s).digest();

export const systemRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const metricsToken = app.config.metricsToken ? digest(app.config.metricsToken) : null;
  app.get(
    '/healthz',
    {
      schema: { operationId: 'checkHealth', tags: ['System'], summary: 'The process is up', response: { 200: Health } },
      logLevel: 'warn',
    },
    async () => ({ status: 'ok' }),
  );

  app.get(
    '/readyz',
    {
      schema: {
        operationId: 'checkReadiness',
        tags: ['System'],
        summary: 'The database answers (and how far the read model has loaded)',
        response: { 200: Ready, 503: NotReady },
      },
      logLevel: 'warn',
    },
    async (_req, reply) => {
      try {
        await app.store.ping();
        const { state } = app.readModel;
        return state === 'not loaded at start' ? { status: 'ok' } : { status: 'ok', read_model: state };
      } catch {
        return reply.code(503).send({ status: 'unavailable', error: 'database unreachable' });
      }
    },
  );

  app.get(
    '/metrics',
    {
      schema: {
        operationId: 'getMetrics',
        tags: ['System'],
        summary: 'Prometheus metrics (Authorization: Bearer <METRICS_TOKEN> when METRICS_TOKEN is set)',
        produces: ['text/plain'],
        response: {
          200: Type.String({ examples: ['# HELP careslot_bookings_total …'] }),
          401: Unauthorized,
        },
      },
      logLevel: 'warn',
    },
    async (req, reply) => {
      if (metricsToken) {
        const given = bearerToken(req);
        // Compared as SHA-256 digests: constant time whatever the length sent.
        if (given === undefined || !timingSafeEqual(digest(given), metricsToken)) {
          reply.header('www-authenticate', 'Bearer realm="metrics"');
          return reply.code(401).send({ error: 'send Authorization: Bearer <METRICS_TOKEN> to read /metrics' });
        }
      }
      reply.type(app.metrics.registry.contentType);
      return app.metrics.registry.metrics();
    },
  );

  app.get('/', { schema: { hide: true } }, async (_req, reply) => reply.redirect('/docs'));
};
