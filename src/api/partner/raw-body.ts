// Keep the exact bytes of a JSON body (the Cmt signature and payment notifications are
// computed over them) while still parsing it. Call in the scope that needs it.
import type { FastifyInstance, FastifyRequest } from 'fastify';

declare module 'fastify' {
  interface FastifyRequest {
    /** The raw request body as received (empty for a request without one). */
    rawBody?: Buffer;
  }
}

export function keepRawJson(app: FastifyInstance): void {
  // Fastify's own parser (prototype-poisoning safe) does the parsing.
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  // Partner APIs speak JSON only: a text/plain body is refused as 415 (→ 1001 "Content-Type must be application/json").
  app.removeContentTypeParser('text/plain');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (req: FastifyRequest, body: Buffer, done) => {
    req.rawBody = body;
    if (body.length === 0) return done(null, undefined);
    parseJson(req, body.toString('utf8'), (err, value) => {
      if (err) {
        const bad = new Error(`the body is not valid JSON: ${err.message}`) as Error & { statusCode: number };
        bad.statusCode = 400;
        return done(bad, undefined);
      }
      done(null, value);
    });
  });
}

/** The raw body of a request (empty buffer when none was sent). */
export function rawBodyOf(req: FastifyRequest): Buffer {
  return req.rawBody ?? Buffer.alloc(0);
}
