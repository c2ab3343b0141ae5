// Bearer-token guards for the Registration & Appointment API. Routes declare what they
// need with `preHandler: app.cowinAuth.guest` (or .beneficiary / .operator / .guestOrBeneficiary).
// A failed check is 401 USRAUT0001 "Unauthenticated access!" (USRAUT0002 for the wrong kind).
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../../config.js';
import { bearerToken } from '../bearer.js';
import { verifyToken, type TokenClaims, type TokenKind } from '../../core/shared/tokens.js';
import { CowinError } from './errors.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The verified token of a CoWIN request (set by the guards below). */
    cowinToken?: TokenClaims;
  }
}

/**
 * Account checks that run after the signature check, e.g. "is this guest account still
 * enabled?". The dialect's registration module installs them; each returns false to refuse.
 */
export type AccountCheck = (req: FastifyRequest, claims: TokenClaims) => Promise<boolean>;
export const accountChecks: Partial<Record<TokenKind, AccountCheck>> = {};

export function guard(config: Config, kinds: TokenKind[]) {
  return async function cowinGuard(req: FastifyRequest, _reply: FastifyReply): Promise<void> {
    const token = bearerToken(req);
    const result = await verifyToken(config.secret, token, kinds);
    if (!result.ok) {
      if (result.reason === 'invalid' && token) {
        // A valid token of another kind says so, to help integrators use the right one.
        const other = await verifyToken(config.secret, token, ['guest', 'beneficiary', 'operator']);
        if (other.ok) throw new CowinError('USRAUT0002', `Unauthenticated access! This endpoint needs a ${kinds.join(' or ')} token, not a ${other.claims.kind} token.`);
      }
      throw new CowinError('USRAUT0001', 'Unauthenticated access!');
    }
    const check = accountChecks[result.claims.kind];
    if (check && !(await check(req, result.claims))) throw new CowinError('USRAUT0001', 'Unauthenticated access!');
    req.cowinToken = result.claims;
  };
}

export interface CowinGuards {
  guest: ReturnType<typeof guard>;
  beneficiary: ReturnType<typeof guard>;
  guestOrBeneficiary: ReturnType<typeof guard>;
  operator: ReturnType<typeof guard>;
}

export function cowinGuards(config: Config): CowinGuards {
  return {
    guest: guard(config, ['guest']),
    beneficiary: guard(config, ['beneficiary']),
    guestOrBeneficiary: guard(config, ['guest', 'beneficiary']),
    operator: guard(config, ['operator']),
  };
}
