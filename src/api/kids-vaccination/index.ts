// The Kids Vaccination partner API (seed 000) at config.kidsPrefix (/kids-vaccination/v1):
// /services → /details → /browse → /book, plus /bookings/{id} and /cancel.
// Envelope, codes and partner authentication come from ../partner.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { installPartnerScope } from '../partner/index.js';
import { bookingRoutes } from './bookings.js';
import { catalogueRoutes } from './catalogue.js';
import { KIDS_SCHEMAS } from './schemas.js';

export const kidsVaccinationApi: FastifyPluginAsyncTypebox = async (app) => {
  installPartnerScope(app);
  for (const s of KIDS_SCHEMAS) app.addSchema(s);
  await app.register(catalogueRoutes);
  await app.register(bookingRoutes);
};
