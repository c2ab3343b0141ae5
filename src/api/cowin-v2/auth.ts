// Credentials of the API Setu v2 dialect: the `x-api-key` header (a key from `careslot apikey
// create`, or in sandbox mode API Setu's published test key) and, on the operations that act
// for a person, the bearer token from auth/confirmOTP. A token works only with a key of the
// application it was issued through. Every check hits the database (one query for the key and
// its guest account), so a disabled key or account is refused at once, in every process.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../../config.js';
import { verifyApiKey, type ApiKeyPrincipal } from '../../core/cowin/api-keys.js';
import { guestIdOf } from '../../core/cowin/guests.js';
import { verifyToken } from '../../core/shared/tokens.js';
import type { Store } from '../../store/index.js';
import { bearerToken } from '../bearer.js';
import { unauthenticated } from './errors.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The verified x-api-key of an API Setu v2 request, if it sent one. */
    cowinV2Key?: ApiKeyPrincipal;
    /** The mobile number a v2 bearer token is bound to. */
    cowinV2Mobile?: string;
    /** The guest account (application) a v2 bearer token was issued through. */
    cowinV2TokenGuest?: number;
  }
}

type Guard = (req: FastifyRequest, reply: FastifyReply) => Promise<void>;

export interface V2Guards {
  /** Public operations: no key needed; a key that is sent must be valid. */
  publicKey: Guard;
  /** A key is required (any scope). */
  anyKey: Guard;
  /** A key of scope `protected`. */
  protectedKey: Guard;
  /** A `protected` key and a beneficiary token issued through the same application. */
  beneficiary: Guard;
  /** The public APIs' bearer token (from auth/public/confirmOTP); a key is optional but must match. */
  tokenHolder: Guard;
  /** A `vaccinator` key (one state). */
  vaccinator: Guard;
}

const NO_KEY = 'Send the x-api-key header with a key from `careslot apikey create` (the sandbox prints one at start).';

export function v2Guards(config: Config, store: Store): V2Guards {
  const sandbox = config.mode === 'sandbox';
  async function key(req: FastifyRequest, required: boolean): Promise<ApiKeyPrincipal | undefined> {
    const raw = req.headers['x-api-key'];
    if (raw === undefined || raw === '') {
      if (required) throw unauthenticated(NO_KEY);
      return undefined;
    }
    const found = await verifyApiKey(store.db, Array.isArray(raw) ? raw[0] : raw, { sandbox });
    if (!found) throw unauthenticated('The x-api-key is unknown or disabled.');
    req.cowinV2Key = found;
    // Rate limits count per key (api/rate-limit.ts), not per address, once the key is known.
    req.rateLimitPrincipal = `apikey:${found.id}`;
    return found;
  }
  async function protectedKey(req: FastifyRequest): Promise<ApiKeyPrincipal> {
    const k = (await key(req, true))!;
    if (k.scope !== 'protected')
      throw unauthenticated(`This x-api-key has scope ${k.scope}; protected APIs need a key of scope protected.`);
    return k;
  }
  return {
    publicKey: async (req) => {
      await key(req, false);
    },
    anyKey: async (req) => {
      await key(req, true);
    },
    protectedKey: async (req) => {
      await protectedKey(req);
    },
    beneficiary: async (req) => {
      await bearer(req, await protectedKey(req));
    },
    tokenHolder: async (req) => {
      await bearer(req, await key(req, false));
    },
    vaccinator: async (req) => {
      const k = (await key(req, true))!;
      if (k.scope !== 'vaccinator' || k.stateId === null)
        throw unauthenticated(
          `This x-api-key has scope ${k.scope}; the Vaccinator API needs a key of scope vaccinator (careslot apikey create --scope vaccinator --state STATE_ID).`,
        );
    },
  };
  async function bearer(req: FastifyRequest, k: ApiKeyPrincipal | undefined): Promise<void> {
    const result = await verifyToken(config.secret, bearerToken(req), ['beneficiary']);
    if (!result.ok)
      throw unauthenticated(
        result.reason === 'expired'
          ? 'The bearer token has expired; get a new one with auth/generateOTP and auth/confirmOTP.'
          : 'Send Authorization: Bearer <token from auth/confirmOTP>.',
      );
    if (k && guestIdOf(result.claims) !== k.guestId)
      throw unauthenticated(
        'This bearer token was issued through another application; use that application’s x-api-key.',
      );
    req.cowinV2Mobile = result.claims.sub;
    req.cowinV2TokenGuest = guestIdOf(result.claims);
  }
}

/** The key of a request behind a key guard. */
export function keyOf(req: FastifyRequest): ApiKeyPrincipal {
  if (!req.cowinV2Key) throw unauthenticated(NO_KEY);
  return req.cowinV2Key;
}

/** The mobile of a request behind the beneficiary guard. */
export function mobileOf(req: FastifyRequest): string {
  if (!req.cowinV2Mobile) throw unauthenticated('Send Authorization: Bearer <token from auth/confirmOTP>.');
  return req.cowinV2Mobile;
}
