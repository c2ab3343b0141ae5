// Keep the exact bytes of a JSON body (the Cmt signature and payment notifications are
// computed over them) while still parsing it. Call in the scope that needs it.
import type { FastifyInstance, FastifyRequest } from 'fastify';

declare module 'fastify' {
  interface FastifyRequest {
    /** The raw request body as received (empty for a request without one). */
    rawBody?: Buffer;
    /** Why the body could not be parsed; reported only after authentication (see below). */
    bodyError?: Error;
  }
}

export function keepRawJson(app: FastifyInstance): void {
  // Fastify's own parser (prototype-poisoning safe) does the parsing.
  const parseJson = app.getDefaultJsonParser('error', 'error');
  // Partner APIs speak JSON only, so the Cmt signature always covers the bytes that are acted
  // on: any other body (form-encoded, text/plain…) is refused as 415 (→ 1001 "Content-Type
  // must be application/json"), never parsed by a parser that would leave rawBody empty.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (req: FastifyRequest, body: Buffer, done) => {
    req.rawBody = body;
    if (body.length === 0) return done(null, undefined);
    parseJson(req, body.toString('utf8'), (err, value) => {
      if (err) {
        // Kept until the route's authentication has run: credentials are judged before the body.
        const bad = new Error(`the body is not valid JSON: ${err.message}`) as Error & { statusCode: number };
        bad.statusCode = 400;
        req.bodyError = bad;
        return done(null, undefined);
      }
      done(null, value);
    });
  });
  // Last of every route's preValidation hooks, i.e. after partnerAuth: report an unparseable body.
  app.addHook('onRoute', (route) => {
    const hooks = route.preValidation;
    route.preValidation = [...(Array.isArray(hooks) ? hooks : hooks ? [hooks] : []), reportBodyError];
  });
}

async function reportBodyError(req: FastifyRequest): Promise<void> {
  if (req.bodyError) throw req.bodyError;
}

/** The raw body of a request (empty buffer when none was sent). */
export function rawBodyOf(req: FastifyRequest): Buffer {
  return req.rawBody ?? Buffer.alloc(0);
}
