// Bearer-token guards for the Registration & Appointment API. Routes declare what they
// need with `preHandler: app.cowinAuth.guest` (or .beneficiary / .operator / .guestOrBeneficiary).
// Each guard checks the token and the account behind it, always: a guest or beneficiary token
// stops working when its guest account is disabled, an operator token when its operator
// account is disabled, removed or changes role.
// A failed check is 401 USRAUT0001 "Unauthenticated access!" (USRAUT0002 for the wrong kind).
import type { IncomingHttpHeaders } from 'node:http';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../../config.js';
import { guestIdOf, isGuestEnabled, knownGuestEnabled } from '../../core/cowin/guests.js';
import { verifyOperator, type OperatorPrincipal } from '../../core/cowin/operators.js';
import {
  knownToken,
  type TokenClaims,
  type TokenKind,
  type VerifyResult,
  verifyToken,
  verifyTokenNow,
  verifyTokenSoon,
} from '../../core/shared/tokens.js';
import type { Store } from '../../store/index.js';
import { bearerOf, bearerToken } from '../bearer.js';
import { CowinError, tokenExpired } from './errors.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The verified guest or beneficiary token of a CoWIN request (set by the guards below). */
    cowinToken?: TokenClaims;
    /** The operator of a CoWIN operator request (set by the operator guard). */
    cowinOperator?: OperatorPrincipal;
  }
}

type Guard = (req: FastifyRequest, reply: FastifyReply) => Promise<void>;

export interface CowinGuards {
  guest: Guard;
  beneficiary: Guard;
  guestOrBeneficiary: Guard;
  operator: Guard;
  /**
   * For the read path around Fastify (../fast-reads.ts): the rate-limit principal of a request
   * that `guestOrBeneficiary` would let through, when that is known without I/O (the token's
   * signature checked before, its guest account's state kept); undefined otherwise.
   */
  knownGuestOrBeneficiary(headers: IncomingHttpHeaders): string | undefined;
  /**
   * For the writes answered around Fastify (../fast-posts.ts): the claims of a request that the
   * guard for `kinds` would let through, judged without I/O (the token verified here, as the
   * guard verifies it; its guest account's state kept); undefined when the guard would refuse
   * it or would need the database to tell.
   */
  claimsNow(headers: IncomingHttpHeaders, kinds: readonly GuestKind[]): TokenClaims | undefined;
  /**
   * `claimsNow`, with a new token's signature checked off the event loop (the token worker,
   * core/shared/token-worker.ts): the claims at once for a token seen before, else a promise of
   * them (undefined when the guard would refuse the token or would need the database to tell).
   */
  claimsSoon(
    headers: IncomingHttpHeaders,
    kinds: readonly GuestKind[],
  ): TokenClaims | Promise<TokenClaims | undefined> | undefined;
}

type GuestKind = 'guest' | 'beneficiary';

const ALL_KINDS: TokenKind[] = ['guest', 'beneficiary', 'operator'];

const unauthenticated = () => new CowinError('USRAUT0001', 'Unauthenticated access!');

/** USRAUT0002 if the token is valid but of a kind other than `kinds`, to help integrators use the right one. */
async function wrongKind(
  secret: string,
  token: string | undefined,
  kinds: TokenKind[],
): Promise<CowinError | undefined> {
  if (!token) return undefined;
  const other = await verifyToken(
    secret,
    token,
    ALL_KINDS.filter((k) => !kinds.includes(k)),
  );
  if (!other.ok) return undefined;
  return new CowinError(
    'USRAUT0002',
    `Unauthenticated access! This endpoint needs a ${kinds.join(' or ')} token, not a ${other.claims.kind} token.`,
  );
}

/** A guard for guest and/or beneficiary tokens: the token verified, its guest account still enabled. */
function guestAccountGuard(config: Config, store: Store, kinds: GuestKind[]): Guard {
  return async function cowinGuard(req) {
    const token = bearerToken(req);
    const result = await verifyToken(config.secret, token, kinds);
    if (!result.ok) {
      if (result.reason === 'expired') throw tokenExpired(...kinds);
      throw (result.reason === 'invalid' && (await wrongKind(config.secret, token, kinds))) || unauthenticated();
    }
    if (!(await isGuestEnabled(store.db, guestIdOf(result.claims)))) throw unauthenticated();
    req.cowinToken = result.claims;
  };
}

/** The operator guard: the core's operator verification (its refusals map to USRAUT0001 in errors.ts). */
function operatorGuard(config: Config, store: Store): Guard {
  return async function cowinOperatorGuard(req) {
    const token = bearerToken(req);
    const hint = await wrongKind(config.secret, token, ['operator']);
    if (hint) throw hint;
    req.cowinOperator = await verifyOperator(store.db, config.secret, token);
  };
}

/** The guards of one app, checking accounts in that app's store. */
export function cowinGuards(config: Config, store: Store): CowinGuards {
  return {
    guest: guestAccountGuard(config, store, ['guest']),
    beneficiary: guestAccountGuard(config, store, ['beneficiary']),
    guestOrBeneficiary: guestAccountGuard(config, store, ['guest', 'beneficiary']),
    operator: operatorGuard(config, store),
    knownGuestOrBeneficiary(headers) {
      const token = bearerOf(headers.authorization);
      const result = token === undefined ? undefined : knownToken(config.secret, token, ['guest', 'beneficiary']);
      if (!result?.ok) return undefined;
      const guestId = guestIdOf(result.claims);
      return knownGuestEnabled(guestId) === true ? `guest:${guestId}` : undefined;
    },
    claimsNow(headers, kinds) {
      return enabledClaims(verifyTokenNow(config.secret, bearerOf(headers.authorization), kinds));
    },
    claimsSoon(headers, kinds) {
      const result = verifyTokenSoon(config.secret, bearerOf(headers.authorization), kinds);
      return result instanceof Promise ? result.then(enabledClaims) : enabledClaims(result);
    },
  };
}

/** The claims of a verified token whose guest account is known to be enabled (no I/O), else undefined. */
function enabledClaims(result: VerifyResult): TokenClaims | undefined {
  return result.ok && knownGuestEnabled(guestIdOf(result.claims)) === true ? result.claims : undefined;
}

/** The verified guest or beneficiary token of a request behind a guest/beneficiary guard. */
export function tokenOf(req: FastifyRequest): TokenClaims {
  if (!req.cowinToken) throw unauthenticated();
  return req.cowinToken;
}

/** The operator of a request behind the operator guard. */
export function operatorOf(req: FastifyRequest): OperatorPrincipal {
  if (!req.cowinOperator) throw unauthenticated();
  return req.cowinOperator;
}
