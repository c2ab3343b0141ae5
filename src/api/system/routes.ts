// Process health, database readiness and Prometheus metrics.
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';

const Health = Type.Object({ status: Type.String() }, { examples: [{ status: 'ok' }] });
const NotReady = Type.Object(
  { status: Type.String(), error: Type.String() },
  { examples: [{ status: 'unavailable', error: 'database unreachable' }] },
);

export const systemRoutes: FastifyPluginAsyncTypebox = async (app) => {
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
        summary: 'The database answers',
        response: { 200: Health, 503: NotReady },
      },
      logLevel: 'warn',
    },
    async (_req, reply) => {
      try {
        await app.store.ping();
        return { status: 'ok' };
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
        summary: 'Prometheus metrics',
        produces: ['text/plain'],
        response: { 200: Type.String({ examples: ['# HELP careslot_http_request_duration_seconds …'] }) },
      },
      logLevel: 'warn',
    },
    async (_req, reply) => {
      reply.type(app.metrics.registry.contentType);
      return app.metrics.registry.metrics();
    },
  );

  app.get('/', { schema: { hide: true } }, async (_req, reply) => reply.redirect('/docs'));
};
