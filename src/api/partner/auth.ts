// Partner authentication, shared by the partner dialects: `Authorization: Bearer <token>`
// (the bare token accepted too) names the partner (1002 when missing, unknown or disabled);
// `Cmt` proves the request came from the partner and was not changed or replayed (1003,
// with a message naming the failed check). See docs/partner-auth.md.
//
// keptPartnerAuth() makes the same checks without I/O, for a read answered around Fastify.
//
// Use it as a route's `preValidation` (so an unauthenticated request gets 1002 before its
// body is judged), in a scope where keepRawJson() is installed:
//   { preValidation: partnerAuth() }                 // credentials required
//   { preValidation: partnerAuth({ optional: true }) } // none needed; verified when Cmt is sent
import type { IncomingMessage } from 'node:http';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { useNonce } from '../../core/partners/nonces.js';
import { activeSecrets, keptSigner, partnerByToken } from '../../core/partners/lookups.js';
import { canonicalString, parseCmt, signedByOneOf, staleCmtReason } from '../../core/partners/signing.js';
import type { Conn } from '../../store/index.js';
import type { Partner } from '../../store/schema.js';
import { bearerOf, bearerToken } from '../bearer.js';
import { PartnerError } from './envelope.js';
import { rawBodyOf } from './raw-body.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The partner whose signed request this is (set by partnerAuth). */
    partner?: Partner;
  }
}

const SIGNATURE_MISMATCH =
  'the Cmt signature does not match: sign "v1\\nMETHOD\\npath\\nsorted query\\nt\\nn\\nsha256(body)" with your partner secret, over the exact body bytes you send (see docs/partner-auth.md)';

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
    const stale = staleCmtReason(cmt.t, now);
    if (stale) throw new PartnerError(1003, stale);
    const canonical = canonicalString({ method: req.method, url: req.url, t: cmt.t, n: cmt.n, body: rawBodyOf(req) });
    const secrets = await activeSecrets(store.db, config.secret, partner.id);
    if (!signedByOneOf(secrets, canonical, cmt.v1)) throw new PartnerError(1003, SIGNATURE_MISMATCH);
    // Only a correctly signed request spends its nonce, so nobody else can burn a partner's nonces.
    if (!(await useNonce(store.db, partner.id, cmt.t, cmt.n, now))) {
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

/** A signed request's credentials as judged without I/O (keptPartnerAuth). */
export interface KeptPartnerAuth {
  partner: Partner;
  /** Its product codes, when kept (undefined: not known without I/O). */
  products: readonly string[] | undefined;
  /** Whether the Cmt signature covers these exact body bytes. */
  signs(body: Buffer): boolean;
  /** Spend the request's nonce once its signature is checked: false if it was spent before (a replay). */
  spend(): Promise<boolean>;
}

/**
 * partnerAuth()'s checks for a request answered around Fastify (../fast-posts.ts), made without
 * I/O: the partner, its secrets and its products kept in this process (core/partners), a well
 * formed Cmt within the skew. Undefined when any of it is not so, and the route judges the
 * request. The caller checks the signature over the body (`signs`), then spends the nonce.
 */
export function keptPartnerAuth(db: Conn, instanceSecret: string, req: IncomingMessage): KeptPartnerAuth | undefined {
  const token = bearerOf(req.headers.authorization);
  const header = req.headers.cmt;
  if (token === undefined || typeof header !== 'string') return undefined;
  const signer = keptSigner(db, instanceSecret, token);
  if (!signer) return undefined;
  const cmt = parseCmt(header);
  const now = new Date();
  if (!cmt.ok || staleCmtReason(cmt.t, now) !== undefined) return undefined;
  const { method = '', url = '' } = req;
  const { partner, secrets, products } = signer;
  return {
    partner,
    products,
    signs: (body) => signedByOneOf(secrets, canonicalString({ method, url, t: cmt.t, n: cmt.n, body }), cmt.v1),
    spend: () => useNonce(db, partner.id, cmt.t, cmt.n, now),
  };
}
