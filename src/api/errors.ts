// The fallback error shape for routes outside a dialect. Each dialect sets its own handler
// with its own envelope; none ever sends a stack trace.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** Turn a Fastify validation error into one sentence naming each bad field. */
export function describeValidation(err: FastifyError): string {
  const items = err.validation ?? [];
  if (items.length === 0) return err.message;
  return items
    .map((v) => {
      const where = (v.instancePath || '').replace(/^\//, '').replace(/\//g, '.');
      const missing = (v.params as { missingProperty?: string })?.missingProperty;
      const field = missing ? (where ? `${where}.${missing}` : missing) : where || (err.validationContext ?? 'body');
      if (v.keyword === 'required') return `${field} is required`;
      if (v.keyword === 'additionalProperties')
        return `${where ? `${where}.` : ''}${(v.params as { additionalProperty?: string }).additionalProperty} is not allowed`;
      return `${field} ${v.message}`;
    })
    .join('; ');
}

/** Client mistakes that Fastify detects itself (bad JSON, wrong content type, body too large). */
export function clientStatus(err: FastifyError): number | null {
  if (err.validation) return 400;
  const s = err.statusCode;
  return s && s >= 400 && s < 500 ? s : null;
}

export function installFallbackErrors(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError, req: FastifyRequest, reply: FastifyReply) => {
    const status = clientStatus(err);
    if (status) return reply.code(status).send({ error: err.validation ? describeValidation(err) : err.message });
    req.log.error({ err }, 'unhandled error');
    return reply.code(500).send({ error: 'Internal Server Error' });
  });
  app.setNotFoundHandler((req, reply) =>
    reply.code(404).send({ error: `no route for ${req.method} ${req.url.split('?')[0]}; see /docs` }),
  );
}

function hasNul(v: unknown, depth = 0): boolean {
  if (typeof v === 'string') return v.includes('\u0000');
  if (v === null || typeof v !== 'object' || depth > 32 || Buffer.isBuffer(v)) return false;
  for (const x of Array.isArray(v) ? v : Object.values(v)) if (hasNul(x, depth + 1)) return true;
  return false;
}

/**
 * No text we store may contain NUL: PostgreSQL refuses it in text columns (and would answer
 * with a server error). Refuse it up front, for every route, as the client's mistake it is.
 */
export function rejectNulCharacters(app: FastifyInstance): void {
  app.addHook('preValidation', (req, _reply, done) => {
    if (hasNul(req.query) || hasNul(req.params) || hasNul(req.body)) {
      const err = new Error(
        'text must not contain NUL (\\u0000) characters; remove them and send the request again',
      ) as FastifyError;
      err.statusCode = 400;
      return done(err);
    }
    done();
  });
}
