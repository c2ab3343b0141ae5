// The fallback error shape for routes outside a dialect. Each dialect sets its own handler
// with its own envelope; none ever sends a stack trace.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from '../core/shared/errors.js';
import { allowedMethods } from './method-not-allowed.js';
import { contentTypeMessage, describeValidation } from './validation.js';

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

export { describeValidation, validationFields } from './validation.js';

/** Client mistakes that Fastify detects itself (bad JSON, wrong content type, body too large). */
export function clientStatus(err: FastifyError): number | null {
  if (err.validation) return 400;
  const s = err.statusCode;
  return s && s >= 400 && s < 500 ? s : null;
}

/** The body as a whole failed its type check (none was sent, or not as JSON). */
function wholeBodyRefused(err: FastifyError): { data?: unknown } | undefined {
  const [first] = (err.validation ?? []) as { instancePath?: string; keyword: string; data?: unknown }[];
  return err.validationContext === 'body' && first?.instancePath === '' && first.keyword === 'type' ? first : undefined;
}

/**
 * The message of a client mistake Fastify detected, in words every dialect shares: validation
 * errors name each field once (./validation.ts); a missing or unaccepted Content-Type and a
 * missing body say what to send; a body over the limit says the limit.
 */
export function clientMessage(err: FastifyError, req: FastifyRequest): string {
  const type = req.headers['content-type'];
  if (err.validation) {
    const whole = wholeBodyRefused(err);
    if (whole && !(type && /json/i.test(type))) return contentTypeMessage(type);
    if (whole && (whole.data === undefined || whole.data === null)) return 'the body is missing: send a JSON object';
    return describeValidation(err);
  }
  if (err.statusCode === 415 || err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return contentTypeMessage(type);
  if (err.code === 'FST_ERR_CTP_EMPTY_JSON_BODY')
    return 'the body is empty although Content-Type is application/json: send a JSON object, or no Content-Type';
  if (err.statusCode === 413) {
    const limit = Math.round((req.routeOptions.bodyLimit ?? 1024 * 1024) / 1024);
    return `the body is too large: at most ${limit} KB`;
  }
  return err.message;
}

export function installFallbackErrors(app: FastifyInstance): void {
  app.decorate('notFoundShapes', []);
  app.setErrorHandler((err: FastifyError, req: FastifyRequest, reply: FastifyReply) => {
    if (err instanceof DomainError && typeof err.details.retry_after_seconds === 'number') {
      reply.header('retry-after', String(err.details.retry_after_seconds));
      return reply.code(429).send({ error: err.message });
    }
    const status = clientStatus(err);
    if (status) return reply.code(status).send({ error: clientMessage(err, req) });
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

/** Whether a query, params or body holds a NUL in any of its texts (what `rejectNulCharacters` refuses). */
export function hasNul(v: unknown, depth = 0): boolean {
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
