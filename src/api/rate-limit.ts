// Rate limits for every API route (not /docs, /openapi.json or the health and metrics routes),
// answered as 429 with Retry-After in each dialect's envelope (a DomainError `rate_limited`
// with `retry_after_seconds`, which every dialect's error handler maps):
//   - per client IP: requests without credentials (no Authorization, no Cmt) are counted as
//     they arrive (credentials: Authorization, Cmt or x-api-key); a request with credentials that fail (401) is counted after its answer, and
//     an IP over its limit is refused before its credentials are even checked;
//   - per principal: once a request is authenticated, per guest account (a beneficiary token
//     counts for the guest account it came through), partner, operator, or whatever a
//     dialect's guard names in `req.rateLimitPrincipal` (e.g. `apikey:ID`).
// Counting is in memory, merged with the shared table every FLUSH_MS (core/shared/rate-limits.ts).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { guestIdOf } from '../core/cowin/guests.js';
import { DomainError } from '../core/shared/errors.js';
import { systemNow } from '../core/shared/time.js';
import { RateLimiter, type RateRule } from '../core/shared/rate-limits.js';
import { hasCredentials } from './bearer.js';
import type { FastLimits } from './fast-reads.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** Who a request counts against once authenticated (`kind:id`); set by a dialect's guard, or derived below. */
    rateLimitPrincipal?: string;
  }
}

/** The principal of an authenticated request, from what the guards verified. */
function principalOf(req: FastifyRequest): string | undefined {
  if (req.rateLimitPrincipal) return req.rateLimitPrincipal;
  if (req.partner) return `partner:${req.partner.id}`;
  if (req.cowinToken) return `guest:${guestIdOf(req.cowinToken)}`;
  const operator = req.operator ?? req.cowinOperator;
  if (operator) return `operator:${operator.id}`;
  return undefined;
}

function refuse(wait: number, who: string): DomainError {
  return new DomainError('rate_limited', `too many requests from this ${who}; retry in ${wait} s`, {
    retry_after_seconds: wait,
  });
}

/**
 * Install the limits in the scope of the API routes; the limiter stops with the app. Returns
 * them (for the reads answered around Fastify, ./fast-reads.ts), or undefined when both are off.
 */
export function installRateLimits(api: FastifyInstance): FastLimits | undefined {
  const { config } = api;
  const ipRule: RateRule = { limit: config.rateLimitPerIp, windowSeconds: config.rateLimitWindowSeconds };
  const principalRule: RateRule = { limit: config.rateLimitPerAccount, windowSeconds: config.rateLimitWindowSeconds };
  if (ipRule.limit <= 0 && principalRule.limit <= 0) return undefined;
  const limiter = new RateLimiter(
    api.store.db,
    (err) => api.log.warn({ err }, 'rate limit counters not merged'),
    // The app's clock (tests stop it inside one window); the wall clock as Date.now, without a Date per request.
    api.now === systemNow ? Date.now : () => api.now().getTime(),
  );
  limiter.start();
  api.addHook('onClose', () => limiter.stop());

  // The hooks run on every request: synchronous, so they cost no promise each.
  api.addHook('onRequest', (req: FastifyRequest, _reply: FastifyReply, done: (err?: Error) => void) => {
    const ip = `ip:${req.ip}`;
    const wait = hasCredentials(req.headers) ? limiter.check(ip, ipRule) : limiter.take(ip, ipRule);
    done(wait === null ? undefined : refuse(wait, 'address'));
  });
  api.addHook('onResponse', (req: FastifyRequest, reply: FastifyReply, done: () => void) => {
    if (reply.statusCode === 401 && hasCredentials(req.headers)) limiter.add(`ip:${req.ip}`, ipRule);
    done();
  });
  // Last of every route's preHandler hooks, i.e. after the dialect's guard has verified who it is.
  const perPrincipal = (req: FastifyRequest, _reply: FastifyReply, done: (err?: Error) => void) => {
    const who = principalOf(req);
    const wait = who === undefined ? null : limiter.take(who, principalRule);
    done(wait === null ? undefined : refuse(wait, who!.slice(0, who!.indexOf(':'))));
  };
  api.addHook('onRoute', (route) => {
    const hooks = route.preHandler;
    route.preHandler = [...(Array.isArray(hooks) ? hooks : hooks ? [hooks] : []), perPrincipal];
  });
  return { limiter, ipRule, principalRule };
}
