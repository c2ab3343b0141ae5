// The Registration & Appointment API's error envelope: HTTP status plus
// {"errorCode": "...", "error": "..."}. One handler for the whole dialect.
import { Type } from '@sinclair/typebox';
import type { FastifyError, FastifyInstance } from 'fastify';
import { DomainError, type DomainErrorCode } from '../../core/shared/errors.js';
import { clientStatus, describeValidation } from '../errors.js';
import { COWIN_ERRORS, type CowinErrorCode } from './error-codes.js';

export const CowinErrorBody = Type.Object({
  errorCode: Type.String(),
  error: Type.String(),
}, { $id: 'CowinError', additionalProperties: true, examples: [{ errorCode: 'APPOIN0001', error: 'body.mobile_number must be a 10-digit Indian mobile number' }] });

/** Thrown by CoWIN routes: becomes `{errorCode, error, ...extra}` with the code's HTTP status. */
export class CowinError extends Error {
  constructor(public readonly errorCode: CowinErrorCode | string, message?: string, public readonly status?: number, public readonly extra: Record<string, unknown> = {}) {
    super(message ?? (COWIN_ERRORS as Record<string, { error: string }>)[errorCode]?.error ?? errorCode);
    this.name = 'CowinError';
  }
}

const DOMAIN: Record<DomainErrorCode, { code: string; status: number }> = {
  invalid: { code: 'APPOIN0001', status: 400 },
  not_found: { code: 'APPOIN0404', status: 404 },
  slot_unavailable: { code: 'APPOIN0409', status: 409 },
  conflict: { code: 'APPOIN0409', status: 409 },
  idempotency_mismatch: { code: 'APPOIN0409', status: 409 },
  unauthorized: { code: 'USRAUT0001', status: 401 },
  forbidden: { code: 'USRAUT0003', status: 403 },
  rate_limited: { code: 'APPOIN0429', status: 429 },
  locked: { code: 'APPOIN0429', status: 429 },
};

/** Map a DomainError's code to this dialect's errorCode (dialect routes may override per error). */
export function fromDomain(err: DomainError, override?: Partial<Record<DomainErrorCode, string>>): CowinError {
  const m = DOMAIN[err.code];
  return new CowinError(override?.[err.code] ?? m.code, err.message, m.status);
}

export function installCowinErrors(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError | CowinError | DomainError, req, reply) => {
    if (err instanceof DomainError) err = fromDomain(err);
    if (err instanceof CowinError) {
      const status = err.status ?? (COWIN_ERRORS as Record<string, { status: number }>)[err.errorCode]?.status ?? 400;
      if (status === 429 && typeof err.extra.retry_after_seconds === 'number') reply.header('retry-after', String(err.extra.retry_after_seconds));
      return reply.code(status).send({ errorCode: err.errorCode, error: err.message, ...err.extra });
    }
    const status = clientStatus(err as FastifyError);
    if (status) {
      const fe = err as FastifyError;
      return reply.code(status).send({ errorCode: 'APPOIN0001', error: fe.validation ? describeValidation(fe) : fe.message });
    }
    req.log.error({ err }, 'unhandled error');
    return reply.code(500).send({ errorCode: 'APPOIN0500', error: 'Internal Server Error' });
  });
}
