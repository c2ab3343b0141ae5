// Shared HTTP helpers of the partner APIs. A partner dialect's plugin starts with:
//   installPartnerScope(app)   // envelope errors + raw JSON body for Cmt
// and protects routes with `preValidation: partnerAuth()` (or `partnerAuth({ optional: true })`).
import type { FastifyInstance } from 'fastify';
import { installPartnerErrors } from './errors.js';
import { keepRawJson } from './raw-body.js';

export { keptPartnerAuth, type KeptPartnerAuth, partnerAuth, requirePartner } from './auth.js';
export { PartnerError, PartnerErrorBody, envelopeOf, ok, partnerResponses, PARTNER_STATUS } from './envelope.js';
export { installPartnerErrors } from './errors.js';
export { keepRawJson, rawBodyOf } from './raw-body.js';

export function installPartnerScope(app: FastifyInstance): void {
  installPartnerErrors(app);
  keepRawJson(app);
}

/** Security requirement for OpenAPI: partner token + Cmt. */
export const PARTNER_SECURITY = [{ partnerToken: [], cmt: [] }];
