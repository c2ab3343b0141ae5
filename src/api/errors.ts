// The fallback error shape for routes outside a dialect. Each dialect sets its own handler
// with its own envelope; none ever sends a stack trace.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from '../core/shared/errors.js';
import { allowedMethods } from './method-not-allowed.js';

/** A dialect without its own URL prefix scope words the app-wide 404 and 405 for its paths. */
export interface NotFoundShape {
  prefix: string;
  body(status: 404 | 405, message: string): unknown;
}

declare module 'fastify' {
  interface FastifyInstance {
    notFoundShapes: NotFoundShape[];
  }
}

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
  app.decorate('notFoundShapes', []);
  app.setErrorHandler((err: FastifyError, req: FastifyRequest, reply: FastifyReply) => {
    if (err instanceof DomainError && typeof err.details.retry_after_seconds === 'number') {
      reply.header('retry-after', String(err.details.retry_after_seconds));
      return reply.code(429).send({ error: err.message });
    }
    const status = clientStatus(err);
    if (status) return reply.code(status).send({ error: err.validation ? describeValidation(err) : err.message });
    req.log.error({ err }, 'unhandled error');
    return reply.code(500).send({ error: 'Internal Server Error' });
  });
  app.setNotFoundHandler((req, reply) => {
    const path = req.url.split('?')[0];
    const allow = allowedMethods(app, path);
    const shape = app.notFoundShapes.find((s) => path.startsWith(s.prefix));
    if (allow.length > 0) {
      const message = `${req.method} is not allowed on ${path}; use ${allow.join(' or ')}`;
      return reply
        .code(405)
        .header('allow', allow.join(', '))
        .send(shape ? shape.body(405, message) : { error: message });
    }
    const message = `no route for ${req.method} ${path}; see /docs`;
    return reply.code(404).send(shape ? shape.body(404, message) : { error: message });
  });
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
