// The Registration & Appointment API's error envelope: HTTP status plus
// {"errorCode": "...", "error": "..."}. One handler for the whole dialect, and one table from
// the core's rules to this dialect's codes.
import { Type } from '@sinclair/typebox';
import type { FastifyError, FastifyInstance } from 'fastify';
import { SheetError } from '../../core/cowin/facility-import.js';
import { DomainError, type ErrorKind, type Rule } from '../../core/shared/errors.js';
import { clientMessage, clientStatus } from '../errors.js';
import { COWIN_ERRORS, type CowinErrorCode } from './error-codes.js';

export const CowinErrorBody = Type.Object(
  {
    errorCode: Type.String(),
    error: Type.String(),
  },
  {
    $id: 'CowinError',
    additionalProperties: true,
    examples: [{ errorCode: 'APPOIN0001', error: 'body.mobile_number must be a 10-digit Indian mobile number' }],
  },
);

/** Thrown by CoWIN routes: becomes `{errorCode, error, ...extra}` with the code's HTTP status. */
export class CowinError extends Error {
  constructor(
    public readonly errorCode: CowinErrorCode,
    message?: string,
    public readonly extra: Record<string, unknown> = {},
  ) {
    super(message ?? COWIN_ERRORS[errorCode].error);
    this.name = 'CowinError';
  }
}

/** The errorCode of each rule the core reports, from the real CoWIN API where it has one. */
const RULE_CODES: Partial<Record<Rule, CowinErrorCode>> = {
  // Registration.
  name_too_long: 'BENDOC0030',
  name_invalid: 'IMPBEN0073',
  birth_year_format: 'BENDOC0035',
  birth_year_invalid: 'IMPBEN0078',
  gender_invalid: 'BENDOC0039',
  mobile_invalid: 'USRAUT0011',
  photo_id_type_invalid: 'IMPBEN0080',
  photo_id_number_invalid: 'APPOIN0059',
  consent_missing: 'BENDOC0037',
  location_invalid: 'BENLOC0001',
  reference_id_invalid: 'BENDOC0046',
  mobile_full: 'BENDOC0038',
  photo_id_duplicate: 'BENDOC0022',
  beneficiary_has_appointment: 'BENDOC0040',
  beneficiary_not_found: 'BENDOC0012',
  // Mobile OTP and beneficiary authentication.
  otp_format: 'APPOIN0001',
  otp_invalid: 'USRAUT0014',
  otp_expired: 'USRAUT0016',
  txn_unknown: 'USRAUT0017',
  otp_tries: 'USRAUT0018',
  otp_send_limit: 'USRAUT0019',
  sms_undelivered: 'USRAUT0022',
  dob_mismatch: 'USRAUT0020',
  dob_locked: 'USRAUT0021',
  // Operators.
  login_failed: 'USRAUT0004',
  login_locked: 'USRAUT0005',
  operator_token_missing: 'USRAUT0001',
  operator_token_invalid: 'USRAUT0001',
  token_expired: 'USRAUT0001',
  operator_role: 'USRAUT0003',
  // Appointments.
  invalid_slot: 'APPOIN0015',
  slot_in_past: 'APPOIN0027',
  slot_closed: 'APPOIN0027',
  age_range: 'APPOIN0043',
  not_linked: 'APPOIN0019',
  active_appointment: 'APPOIN0020',
  not_in_appointment: 'APPOIN0033',
  already_cancelled: 'APPOIN0030',
  session_started: 'APPOIN0029',
  same_slot: 'APPOIN0011',
  appointment_not_found: 'APPOIN0042',
  slot_full: 'APPOIN0040',
  // Facility sheets.
  upload_conflict: 'USRRES0007',
};

/** Rules this table does not name get the code of their kind. */
const KIND_CODES: Record<ErrorKind, CowinErrorCode> = {
  invalid: 'APPOIN0001',
  not_found: 'APPOIN0404',
  slot_unavailable: 'APPOIN0409',
  conflict: 'APPOIN0409',
  unauthorized: 'USRAUT0001',
  forbidden: 'USRAUT0003',
  rate_limited: 'APPOIN0429',
  locked: 'APPOIN0429',
  unavailable: 'APPOIN0500',
};

/** A refused sheet as this dialect reports it (the HTTP upload and `careslot import facilities`). */
export function sheetErrorBody(err: SheetError): {
  errorCode: CowinErrorCode;
  error: string;
  message: string;
  [k: string]: unknown;
} {
  if (err.kind === 'header')
    return {
      errorCode: 'USRRES0005',
      error: 'INVALID_FILE_HEADERS',
      message: err.message,
      'Wrong-Headers': err.details.wrong,
      'Missing-Headers': err.details.missing,
    };
  if (err.kind === 'rows')
    return {
      errorCode: 'USRRES0004',
      error: 'INVALID_FILE_DATA',
      message: err.message,
      errors: err.details.errors,
      total: err.details.total,
    };
  if (err.kind === 'too_large') return { errorCode: 'USRRES0006', error: 'FILE_TOO_LARGE', message: err.message };
  return { errorCode: 'USRRES0003', error: 'INVALID_FILE_TYPE', message: err.message };
}

/** The facility upload's codes answer `{errorCode, error: <its name>, message}` as seed 002 shows. */
export const uploadError = (code: CowinErrorCode, message: string) =>
  new CowinError(code, COWIN_ERRORS[code].error, { message });

const RENEW: Record<'guest' | 'beneficiary' | 'operator', string> = {
  guest: 'a guest token lasts 15 minutes; get a new one with POST /api/v1/auth/guest/login',
  beneficiary: 'get a new beneficiary token with POST /api/v1/auth/mobileOTP and /api/v1/auth/confirmMobileOTP',
  operator: 'log in again with POST /api/v1/admin/login',
};

/** 401 USRAUT0001 for a token that has run out, saying so and how to get a new one. */
export function tokenExpired(...kinds: Array<keyof typeof RENEW>): CowinError {
  return new CowinError(
    'USRAUT0001',
    `Unauthenticated access! The token has expired; ${kinds.map((k) => RENEW[k]).join(', or ')}.`,
  );
}

/** The dialect's error for anything a handler throws. */
function toCowinError(err: unknown): CowinError | null {
  if (err instanceof CowinError) return err;
  if (err instanceof SheetError) {
    const { errorCode, error, ...extra } = sheetErrorBody(err);
    return new CowinError(errorCode, error, extra);
  }
  if (err instanceof DomainError) {
    const code = RULE_CODES[err.rule] ?? KIND_CODES[err.kind];
    if (code.startsWith('USRRES')) return uploadError(code, err.message);
    const extra =
      typeof err.details.retry_after_seconds === 'number'
        ? { retry_after_seconds: err.details.retry_after_seconds }
        : {};
    // A refused token is answered in the real CoWIN's words, "Unauthenticated access!", whatever
    // the core's reason, except an expired one: that says so, and what to do.
    if (err.rule === 'token_expired') return tokenExpired('operator');
    return new CowinError(code, code === 'USRAUT0001' ? COWIN_ERRORS[code].error : err.message, extra);
  }
  return null;
}

export function installCowinErrors(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError, req, reply) => {
    const cowin = toCowinError(err);
    if (cowin) {
      const status = COWIN_ERRORS[cowin.errorCode].status;
      if (typeof cowin.extra.retry_after_seconds === 'number')
        reply.header('retry-after', String(cowin.extra.retry_after_seconds));
      return reply.code(status).send({ errorCode: cowin.errorCode, error: cowin.message, ...cowin.extra });
    }
    const status = clientStatus(err);
    if (status) return reply.code(status).send({ errorCode: 'APPOIN0001', error: clientMessage(err, req) });
    req.log.error({ err }, 'unhandled error');
    return reply.code(500).send({ errorCode: 'APPOIN0500', error: 'Internal Server Error' });
  });
}
