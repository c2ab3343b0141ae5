// The Registration & Appointment API (seed 002) at /api/v1/... exactly as the seed's URLs.
// Each group of routes lives in its own file next to its schemas and registers here.
import type { FastifyInstance } from 'fastify';
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

export async function cowinApi(app: FastifyInstance): Promise<void> {
  app.addSchema(CowinErrorBody);
  app.decorate('cowinAuth', cowinGuards(app.config));
  installCowinErrors(app);
  // Route groups register here, e.g.: await app.register(registrationRoutes);
  await app.register(registrationRoutes);
  await app.register(operatorRoutes);
  await app.register(metadataRoutes);
  await app.register(centreRoutes);
  await app.register(facilityUploadRoutes);
  await app.register(appointmentRoutes);
}
