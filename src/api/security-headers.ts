// helmet's security headers, computed once. helmet (as @fastify/helmet ran it) rebuilds
// the Content-Security-Policy string and runs a dozen small middlewares on every request;
// with fixed options every answer gets the same headers, so they are taken once from helmet
// itself (same defaults, same values) and set in one synchronous hook.
import type { ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import helmet, { type HelmetOptions } from 'helmet';

/** The headers `helmet(options)` sets on an answer, by lower-case name. */
export function helmetHeaders(options?: Readonly<HelmetOptions>): Readonly<Record<string, string>> {
  const headers: Record<string, string> = {};
  const res = {
    setHeader(name: string, value: string | number | readonly string[]) {
      headers[name.toLowerCase()] = String(value);
    },
    removeHeader(name: string) {
      delete headers[name.toLowerCase()];
    },
  } as unknown as ServerResponse;
  let failed: unknown;
  helmet(options)({} as never, res, (err?: unknown) => {
    failed = err;
  });
  if (failed) throw failed;
  return Object.freeze(headers);
}

/** Every answer of `scope` (an encapsulated plugin scope) gets helmet's headers. */
export function securityHeaders(scope: FastifyInstance, options?: Readonly<HelmetOptions>): void {
  const headers = helmetHeaders(options);
  scope.addHook('onRequest', (_req, reply, done) => {
    reply.headers(headers);
    done();
  });
}
