// A partner's signed booking answered around Fastify (../fast-posts.ts), as its route answers
// it: the credentials judged without I/O (keptPartnerAuth), the signature over the exact body
// bytes, the body as the route's handler gets it (../fast-bodies.ts), the dialect's own checks
// without I/O; then the nonce spent and the same core write, and the route's 200 through the
// route's own serializer.
//
// Anything the path cannot judge goes to the route before the nonce is spent, so the route
// does everything as it always did. Once the nonce is spent, the route cannot run again (it
// would refuse the request as a replay): a write that fails (a full slot, a product not
// granted…) is handed to Fastify as an error, and the dialect's error handler answers it in
// the partner envelope, exactly as when the route's handler throws it.
import type { TSchema } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Partner } from '../../store/schema.js';
import { routeBody } from '../fast-bodies.js';
import { keptPartnerAuth } from './auth.js';

/** A signed write's 200: the payload the route returns, and the headers the route adds (name, value, …). */
export interface SignedWritten {
  payload: unknown;
  headers?: readonly string[];
}

/**
 * What a dialect makes of a signed request's body, without I/O: the write to make once the
 * nonce is spent, or undefined (or a throw) to leave the request to the route.
 */
export type SignedWrite<T> = (partner: Partner, body: T) => (() => Promise<SignedWritten>) | undefined;

/**
 * Answer the signed POST `path` of `scope` (a partner scope; `path` under its prefix, as the
 * route is registered) around Fastify. Returns the function the route's handler calls with its
 * reply: the path answers once the route has answered once and its serializer is known.
 */
export function signedWriteAroundFastify<T>(
  scope: FastifyInstance,
  path: string,
  schema: TSchema,
  write: SignedWrite<T>,
): (reply: FastifyReply) => void {
  const url = `${scope.prefix}${path}`;
  const bodyOf = routeBody<T>(scope, url, schema);
  let serialize: ((payload: unknown) => string) | undefined;
  scope.fastReads.addPost(scope, url, (req) => {
    if (!serialize) return undefined;
    const auth = keptPartnerAuth(scope.store.db, scope.config.secret, req);
    if (!auth) return undefined;
    const render = serialize;
    return (raw) => {
      if (!auth.signs(raw)) return undefined;
      const body = bodyOf(raw);
      const run = body === undefined ? undefined : write(auth.partner, body);
      if (!run) return undefined;
      return {
        principal: `partner:${auth.partner.id}`,
        answer: async () => {
          // Not spent (a replay, or the database failed): nothing done, and the route meets the same.
          if (!(await auth.spend().catch(() => false))) return undefined;
          const { payload, headers = [] } = await run(); // a rejection: the dialect's error handler answers it
          return { text: render(payload), headers };
        },
      };
    };
  });
  return (reply) => {
    serialize ??= reply.getSerializationFunction('200') as (payload: unknown) => string;
  };
}
