// Partner authentication, shared by the partner dialects: `Authorization: Bearer <token>`
// (the bare token accepted too) names the partner (1002 when missing, unknown or disabled);
// `Cmt` proves the request came from the partner and was not changed or replayed (1003,
// with a message naming the failed check). See docs/partner-auth.md.
//
// Use it as a route's `preValidation` (so an unauthenticated request gets 1002 before its
// body is judged), in a scope where keepRawJson() is installed:
//   { preValidation: partnerAuth() }                 // credentials required
//   { preValidation: partnerAuth({ optional: true }) } // none needed; verified when Cmt is sent
import type { FastifyReply, FastifyRequest } from 'fastify';
import { useNonce } from '../../core/partners/nonces.js';
import { activeSecrets, partnerByToken } from '../../core/partners/partners.js';
import {
  CMT_SKEW_SECONDS,
  canonicalString,
  cmtSignature,
  parseCmt,
  sameSignature,
} from '../../core/partners/signing.js';
import type { Partner } from '../../store/schema.js';
import { bearerToken } from '../bearer.js';
import { PartnerError } from './envelope.js';
import { rawBodyOf } from './raw-body.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The partner whose signed request this is (set by partnerAuth). */
    partner?: Partner;
  }
}

export interface PartnerAuthOptions {
  /** No credentials needed; when Cmt is sent, it and Authorization are verified. */
  optional?: boolean;
  /** The clock (tests). */
  now?: () => Date;
}

export function partnerAuth(opts: PartnerAuthOptions = {}) {
  return async function verifyPartner(req: FastifyRequest, _reply: FastifyReply): Promise<void> {
    const token = bearerToken(req);
    const cmtHeader = req.headers.cmt;
    // "Auth: No" endpoints: a request without Cmt is anonymous, whatever Authorization it carries.
    if (opts.optional && cmtHeader === undefined) return;
    if (token === undefined)
      throw new PartnerError(1002, 'the Authorization header is missing: send Authorization: Bearer <partner token>');
    const { store, config } = req.server;
    const partner = await partnerByToken(store.db, token);
    if (!partner) throw new PartnerError(1002, 'the partner token is unknown or disabled');

    const cmt = parseCmt(Array.isArray(cmtHeader) ? cmtHeader.join(',') : cmtHeader);
    if (!cmt.ok) throw new PartnerError(1003, cmt.reason);
    const now = opts.now?.() ?? new Date();
    const skew = cmt.t - Math.floor(now.getTime() / 1000);
    if (Math.abs(skew) > CMT_SKEW_SECONDS) {
      throw new PartnerError(
        1003,
        `the Cmt timestamp is stale: t=${cmt.t} is ${Math.abs(skew)} s ${skew < 0 ? 'in the past' : 'in the future'}; ` +
          `it must be within ${CMT_SKEW_SECONDS} s of the server clock (now ${Math.floor(now.getTime() / 1000)})`,
      );
    }
    const canonical = canonicalString({ method: req.method, url: req.url, t: cmt.t, n: cmt.n, body: rawBodyOf(req) });
    const secrets = await activeSecrets(store.db, config.secret, partner.id);
    if (!secrets.some((s) => sameSignature(cmtSignature(s, canonical), cmt.v1))) {
      throw new PartnerError(
        1003,
        'the Cmt signature does not match: sign "v1\\nMETHOD\\npath\\nsorted query\\nt\\nn\\nsha256(body)" with your partner secret, over the exact body bytes you send (see docs/partner-auth.md)',
      );
    }
    // Only a correctly signed request spends its nonce, so nobody else can burn a partner's nonces.
    if (!(await useNonce(store.db, partner.id, cmt.n, now))) {
      throw new PartnerError(
        1003,
        'the Cmt nonce was already used (replayed request): send a new random nonce with every request',
      );
    }
    req.partner = partner;
  };
}

/** The authenticated partner of a route that requires one. */
export function requirePartner(req: FastifyRequest): Partner {
  if (!req.partner)
    throw new PartnerError(1002, 'the Authorization header is missing: send Authorization: Bearer <partner token>');
  return req.partner;
}
