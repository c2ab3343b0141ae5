// One error handler for a partner dialect's scope: everything becomes the envelope, with
// validation errors naming the fields and domain errors mapped to the seed's codes.
import type { FastifyError, FastifyInstance } from 'fastify';
import { DomainError, type ErrorKind } from '../../core/shared/errors.js';
import { clientMessage, clientStatus, validationFields } from '../errors.js';
import { allowedMethods } from '../method-not-allowed.js';
import { PARTNER_STATUS, PartnerError, PartnerErrorBody, type PartnerStatus } from './envelope.js';

/** The seed's status for each kind of rule the core reports. */
const KIND_STATUS: Record<ErrorKind, Exclude<PartnerStatus, 1000>> = {
  invalid: 1001,
  conflict: 1001,
  rate_limited: 1001,
  locked: 1001,
  unauthorized: 1002,
  forbidden: 1002,
  not_found: 1004,
  slot_unavailable: 1005,
  unavailable: 5000,
};

function fromDomain(err: DomainError): PartnerError {
  const field = err.details.field;
  return new PartnerError(KIND_STATUS[err.kind], err.message, field ? { fields: [field] } : {});
}

/** Install the envelope error handler (and the shared error schema) in a partner scope. */
export function installPartnerErrors(app: FastifyInstance): void {
  if (!app.getSchemas().PartnerError) app.addSchema(PartnerErrorBody);
  app.setErrorHandler((raw: FastifyError | PartnerError | DomainError, req, reply) => {
    let err = raw;
    if (err instanceof DomainError) err = fromDomain(err);
    if (raw instanceof DomainError && typeof raw.details.retry_after_seconds === 'number') {
      // Rate limits and lockouts: HTTP 429 with Retry-After, status 1001 in the envelope.
      reply.header('retry-after', String(raw.details.retry_after_seconds));
      return reply.code(429).send({ status: 1001, message: raw.message, data: { info: {} } });
    }
    if (err instanceof PartnerError) {
      return reply
        .code(PARTNER_STATUS[err.status].http)
        .send({ status: err.status, message: err.message, data: { info: err.info } });
    }
    const fe = err as FastifyError;
    if (fe.validation) {
      const where = fe.validationContext && fe.validationContext !== 'body' ? `${fe.validationContext} ` : '';
      const fields = validationFields(fe);
      return reply.code(400).send({
        status: 1001,
        message: where + clientMessage(fe, req),
        data: { info: { fields } },
      });
    }
    const status = clientStatus(fe);
    if (status)
      return reply
        .code(status === 413 ? 413 : 400)
        .send({ status: 1001, message: clientMessage(fe, req), data: { info: {} } });
    req.log.error({ err }, 'unhandled error');
    return reply.code(500).send({
      status: 5000,
      message: 'server error; retry with backoff, then contact support with the x-request-id header',
      data: { info: {} },
    });
  });
  // Fastify allows one not-found handler per prefix: a scope without its own prefix keeps the app's.
  if (app.prefix) {
    app.setNotFoundHandler((req, reply) => {
      const path = req.url.split('?')[0];
      const allow = allowedMethods(app, path);
      if (allow.length > 0)
        return reply
          .code(405)
          .header('allow', allow.join(', '))
          .send({
            status: 1001,
            message: `${req.method} is not allowed on ${path}; use ${allow.join(' or ')}`,
            data: { info: {} },
          });
      return reply
        .code(404)
        .send({ status: 1004, message: `no route for ${req.method} ${path}; see /docs`, data: { info: {} } });
    });
  }
}
