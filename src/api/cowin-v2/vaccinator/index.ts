// The CoWIN Vaccinator API (cowin-vaccinator-v2.yaml) and the certificate operations of the
// protected and public APIs, in the API Setu v2 dialect (its auth, envelope and error codes).
// See docs/vaccination-records.md.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { vaccinatorBeneficiaryRoutes } from './beneficiaries.js';
import { certificateRoutes } from './certificates.js';
import { vaccinateRoutes } from './vaccinate.js';

export const vaccinatorRoutes: FastifyPluginAsyncTypebox = async (app) => {
  await app.register(vaccinatorBeneficiaryRoutes);
  await app.register(vaccinateRoutes);
  await app.register(certificateRoutes);
};
