// The errorCode of each registration rule the core reports (DomainError.details.rule), so the
// caller gets CoWIN's code for the rule it broke rather than a generic one.
import { DomainError } from '../../core/shared/errors.js';
import { SmsDeliveryError } from '../../core/cowin/sms.js';
import { COWIN_ERRORS, type CowinErrorCode } from './error-codes.js';
import { CowinError } from './errors.js';

const RULE_CODES: Record<string, CowinErrorCode> = {
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
  active_appointment: 'BENDOC0040',
  not_found: 'BENDOC0012',
  otp_format: 'APPOIN0001',
  otp_invalid: 'USRAUT0014',
  otp_expired: 'USRAUT0016',
  txn_unknown: 'USRAUT0017',
  otp_tries: 'USRAUT0018',
  otp_send_limit: 'USRAUT0019',
  dob_mismatch: 'USRAUT0020',
  dob_locked: 'USRAUT0021',
};

/** Turn a core error carrying a rule (or an SMS failure) into this dialect's error. */
export function registrationError(err: unknown): unknown {
  if (err instanceof SmsDeliveryError) return new CowinError('USRAUT0022', 'Could not send the OTP SMS; nothing was changed. Retry in a minute.');
  if (!(err instanceof DomainError)) return err;
  const code = RULE_CODES[String(err.details.rule)];
  if (!code) return err;
  const extra: Record<string, unknown> = {};
  if (typeof err.details.retry_after_seconds === 'number') extra.retry_after_seconds = err.details.retry_after_seconds;
  return new CowinError(code, err.message, COWIN_ERRORS[code].status, extra);
}

/** Run a handler's core call, mapping its rule errors. */
export async function mapped<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw registrationError(err);
  }
}
