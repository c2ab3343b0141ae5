// The real CoWIN API as API Setu published it (v2: cowin-public-v2.yaml 1.3.1 and
// cowin-protected-v2.yaml 2.3.1), at its exact paths under /api, over the same core and data
// as the v1 dialect (src/api/cowin/, which this folder never imports). See docs/cowin-v2.md.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { appointmentRoutes } from './appointments.js';
import { v2Guards, type V2Guards } from './auth.js';
import { authRoutes } from './auth-routes.js';
import { beneficiaryRoutes } from './beneficiaries.js';
import { centreRoutes } from './centres.js';
import { installV2Errors, V2ErrorBody } from './errors.js';
import { grievanceRoutes } from './grievance.js';
import { V2Ids } from './ids.js';
import { metadataRoutes } from './metadata.js';
import { SessionReads } from './session-reads.js';
import { sessionRoutes } from './sessions.js';
import { slipRoutes } from './slip.js';
import { vaccinatorRoutes } from './vaccinator/index.js';

declare module 'fastify' {
  interface FastifyInstance {
    cowinV2Auth: V2Guards;
    /** One set of read caches for every v2 route (sessions, calendars, centres, slot choice). */
    cowinV2Reads: SessionReads;
    cowinV2Ids: V2Ids;
  }
}

export const cowinV2Api: FastifyPluginAsyncTypebox = async (app) => {
  app.addSchema(V2ErrorBody);
  app.decorate('cowinV2Auth', v2Guards(app.config, app.store));
  const reads = new SessionReads(app.store.db, app.config.readCacheMs, app.config.answerCacheMb * 2 ** 20);
  app.decorate('cowinV2Reads', reads);
  // The centre lists of every pincode and district are rendered once at start (../../jobs.ts).
  app.readModel.prerenders.push((filters, stopped) => reads.prerender(filters, stopped));
  app.decorate('cowinV2Ids', new V2Ids(app.config.secret));
  installV2Errors(app);
  // Unknown paths and wrong methods under the v2 prefixes answer in the v2 envelope.
  for (const prefix of ['/api/v2/', '/api/v3/', '/api/v4/'])
    app.notFoundShapes.push({
      prefix,
      body: (status, error) => ({ errorCode: status === 405 ? 'APPOIN0405' : 'APPOIN0404', error }),
    });
  await app.register(authRoutes);
  await app.register(metadataRoutes);
  await app.register(sessionRoutes);
  await app.register(centreRoutes);
  await app.register(beneficiaryRoutes);
  await app.register(appointmentRoutes);
  await app.register(slipRoutes);
  await app.register(grievanceRoutes);
  await app.register(vaccinatorRoutes);
};
