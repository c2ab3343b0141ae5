// The API Setu v2 error envelope: `{"errorCode": "...", "error": "..."}` with the codes of the
// official catalogue (cowin-protected-v2.yaml's `components.examples`) where it has one. The
// YAML answers every business error with 400 and a missing or wrong credential with 401; we add
// 429 for rate limits and locks and 503 when the SMS service fails (docs/cowin-v2.md).
import { Type } from '@sinclair/typebox';
import type { FastifyError, FastifyInstance } from 'fastify';
import { DomainError, type ErrorKind, type Rule } from '../../core/shared/errors.js';
import { clientMessage, clientStatus } from '../errors.js';

export const V2ErrorBody = Type.Object(
  { errorCode: Type.String(), error: Type.String() },
  {
    $id: 'CowinV2Error',
    additionalProperties: true,
    examples: [
      { errorCode: 'APPOIN0040', error: 'This vaccination center is completely booked for the selected date.' },
    ],
  },
);

/** Thrown by v2 routes: becomes `{errorCode, error, ...extra}` with `status`. */
export class V2Error extends Error {
  constructor(
    public readonly errorCode: string,
    message: string,
    public readonly status = 400,
    public readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'V2Error';
  }
}

export const UNAUTHENTICATED = 'Unauthenticated access!';
export const unauthenticated = (hint: string) => new V2Error('USRAUT0001', `${UNAUTHENTICATED} ${hint}`, 401);
/** A request parameter is missing or malformed (the public YAML's 400 example). */
export const badInput = (message: string) => new V2Error('USRRES0001', message);

/** The errorCode of each core rule, from the v2 catalogue where it has one. */
export const RULE_CODES: Partial<Record<Rule, string>> = {
  name_too_long: 'BENDOC0030',
  name_invalid: 'IMPBEN0073',
  birth_year_format: 'BENDOC0035',
  birth_year_invalid: 'IMPBEN0078',
  gender_invalid: 'BENDOC0039',
  mobile_invalid: 'USRAUT0010',
  photo_id_type_invalid: 'IMPBEN0080',
  photo_id_number_invalid: 'APPOIN0059',
  consent_missing: 'BENDOC0037',
  reference_id_invalid: 'BENDOC0046',
  mobile_full: 'BENDOC0038',
  photo_id_duplicate: 'BENDOC0022',
  beneficiary_has_appointment: 'BENDOC0040',
  beneficiary_not_found: 'BENDOC0012',
  otp_format: 'USRAUT0014',
  otp_invalid: 'USRAUT0014',
  otp_expired: 'APPOIN0088',
  txn_unknown: 'USRAUT0014',
  otp_tries: 'USRAUT0014',
  otp_send_limit: 'APPOIN0090',
  sms_undelivered: 'APPOIN0085',
  invalid_slot: 'APPOIN0015',
  slot_in_past: 'APPOIN0027',
  slot_closed: 'APPOIN0027',
  slot_full: 'APPOIN0040',
  age_range: 'APPOIN0043',
  not_linked: 'APPOIN0005',
  active_appointment: 'APPOIN0020',
  not_in_appointment: 'APPOIN0033',
  already_cancelled: 'APPOIN0030',
  session_started: 'APPOIN0029',
  same_slot: 'APPOIN0011',
  appointment_not_found: 'APPOIN0031',
  // Vaccination records: no code in the official catalogue; Careslot's own (docs/vaccination-records.md).
  vaccine_unknown: 'VACCIN0001',
  vaccine_not_at_centre: 'VACCIN0002',
  centre_out_of_state: 'VACCIN0003',
  dose_out_of_order: 'VACCIN0004',
  dose_too_early: 'VACCIN0005',
  dose_date_invalid: 'VACCIN0006',
  vaccine_mismatch: 'VACCIN0007',
  not_vaccinated: 'VACCIN0008',
  passport_missing: 'VACCIN0009',
};

const KIND_CODES: Record<ErrorKind, string> = {
  invalid: 'APPOIN0062',
  not_found: 'APPOIN0062',
  slot_unavailable: 'APPOIN0040',
  conflict: 'APPOIN0062',
  unauthorized: 'USRAUT0001',
  forbidden: 'USRAUT0001',
  rate_limited: 'APPOIN0090',
  locked: 'APPOIN0090',
  unavailable: 'APPOIN0085',
};

const KIND_STATUS: Partial<Record<ErrorKind, number>> = { rate_limited: 429, locked: 429, unavailable: 503 };

/** The v2 error of a core error. OTP refusals stay 400 with their reason, as the YAML's USRAUT0014. */
export function fromDomain(err: DomainError): V2Error {
  const code = RULE_CODES[err.rule] ?? KIND_CODES[err.kind];
  const status = KIND_STATUS[err.kind] ?? (code === 'USRAUT0001' ? 401 : 400);
  const extra =
    typeof err.details.retry_after_seconds === 'number' ? { retry_after_seconds: err.details.retry_after_seconds } : {};
  return new V2Error(code, err.message, status, extra);
}

export function installV2Errors(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError, req, reply) => {
    const v2 = err instanceof V2Error ? err : err instanceof DomainError ? fromDomain(err) : null;
    if (v2) {
      if (typeof v2.extra.retry_after_seconds === 'number')
        reply.header('retry-after', String(v2.extra.retry_after_seconds));
      return reply.code(v2.status).send({ errorCode: v2.errorCode, error: v2.message, ...v2.extra });
    }
    const status = clientStatus(err);
    if (status) return reply.code(status).send({ errorCode: 'USRRES0001', error: clientMessage(err, req) });
    req.log.error({ err }, 'unhandled error');
    return reply.code(500).send({ errorCode: 'APPOIN0500', error: 'Internal Server Error' });
  });
}
