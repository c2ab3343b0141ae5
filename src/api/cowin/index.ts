// The Registration & Appointment API (seed 002) at /api/v1/... exactly as the seed's URLs.
// Each group of routes lives in its own file next to its schemas and registers here.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { cowinGuards, type CowinGuards } from './auth.js';
import { CowinErrorBody, installCowinErrors } from './errors.js';
import { registrationRoutes } from './registration.js';
import { appointmentRoutes } from './appointments.js';
import { centreRoutes } from './centres.js';
import { facilityUploadRoutes } from './facility-upload.js';
import { metadataRoutes } from './metadata.js';
import { operatorRoutes } from './operators.js';

declare module 'fastify' {
  interface FastifyInstance {
    cowinAuth: CowinGuards;
  }
}

export const cowinApi: FastifyPluginAsyncTypebox = async (app) => {
  app.addSchema(CowinErrorBody);
  app.decorate('cowinAuth', cowinGuards(app.config, app.store));
  installCowinErrors(app);
  app.notFoundShapes.push({
    prefix: '/api/v1/',
    body: (status, error) => ({ errorCode: status === 405 ? 'APPOIN0405' : 'APPOIN0404', error }),
  });
  // Routes name their guard as a preHandler; it runs onRequest instead, so credentials are
  // judged before the body is parsed or validated (an unauthenticated caller gets 401 first).
  const guards = new Set<unknown>(Object.values(app.cowinAuth));
  app.addHook('onRoute', (route) => {
    const pre = [route.preHandler ?? []].flat();
    const own = pre.filter((h) => guards.has(h));
    if (own.length === 0) return;
    route.onRequest = [...[route.onRequest ?? []].flat(), ...own];
    route.preHandler = pre.filter((h) => !guards.has(h));
  });
  await app.register(registrationRoutes);
  await app.register(operatorRoutes);
  await app.register(metadataRoutes);
  await app.register(centreRoutes);
  await app.register(facilityUploadRoutes);
  await app.register(appointmentRoutes);
};
