// Domain errors. The core says which rule was broken; each API dialect maps the rule to its
// own wire code in one table, in its error handler. Messages say what to fix and are safe to
// show to the caller.

/** What kind of failure a rule is: dialects that do not know a rule map its kind. */
export type ErrorKind =
  | 'invalid' // input is malformed or breaks a rule
  | 'not_found' // no such object (or not visible to this caller)
  | 'slot_unavailable' // not enough free seats, or the slot cannot be booked
  | 'conflict' // the object is in a state that forbids the operation
  | 'unauthorized'
  | 'forbidden'
  | 'rate_limited'
  | 'locked'
  | 'unavailable'; // a service we depend on failed; nothing was changed, retry later

/** Every rule the core reports, with its kind. */
export const RULE_KINDS = {
  // Generic: the message names the field or object.
  invalid: 'invalid',
  not_found: 'not_found',
  slot_unavailable: 'slot_unavailable',
  conflict: 'conflict',
  unauthorized: 'unauthorized',
  forbidden: 'forbidden',
  rate_limited: 'rate_limited',
  locked: 'locked',
  // Scheduling.
  idempotency_mismatch: 'conflict',
  slot_full: 'slot_unavailable',
  slot_closed: 'slot_unavailable',
  booking_state: 'conflict',
  // Registration (CoWIN beneficiaries).
  name_too_long: 'invalid',
  name_invalid: 'invalid',
  birth_year_format: 'invalid',
  birth_year_invalid: 'invalid',
  gender_invalid: 'invalid',
  mobile_invalid: 'invalid',
  photo_id_type_invalid: 'invalid',
  photo_id_number_invalid: 'invalid',
  consent_missing: 'invalid',
  location_invalid: 'invalid',
  reference_id_invalid: 'invalid',
  mobile_full: 'conflict',
  photo_id_duplicate: 'conflict',
  beneficiary_has_appointment: 'conflict',
  beneficiary_not_found: 'not_found',
  // Mobile OTP and beneficiary authentication.
  otp_format: 'invalid',
  otp_invalid: 'unauthorized',
  otp_expired: 'unauthorized',
  txn_unknown: 'unauthorized',
  otp_tries: 'rate_limited',
  otp_send_limit: 'rate_limited',
  sms_undelivered: 'unavailable',
  dob_mismatch: 'unauthorized',
  dob_locked: 'locked',
  // Operators.
  login_failed: 'unauthorized',
  login_locked: 'locked',
  operator_token_missing: 'unauthorized',
  operator_token_invalid: 'unauthorized',
  /** A signed token that was valid and has run out: the caller logs in again. */
  token_expired: 'unauthorized',
  operator_role: 'forbidden',
  // Vaccination appointments.
  invalid_slot: 'invalid',
  slot_in_past: 'invalid',
  age_range: 'invalid',
  not_linked: 'not_found',
  active_appointment: 'conflict',
  not_in_appointment: 'invalid',
  already_cancelled: 'conflict',
  session_started: 'conflict',
  same_slot: 'invalid',
  appointment_not_found: 'not_found',
  // Facility sheets.
  upload_conflict: 'conflict',
  // Vaccination records and certificates (core/cowin/vaccinations.ts).
  vaccine_unknown: 'invalid',
  vaccine_not_at_centre: 'invalid',
  centre_out_of_state: 'forbidden',
  dose_out_of_order: 'conflict',
  dose_too_early: 'conflict',
  dose_date_invalid: 'invalid',
  vaccine_mismatch: 'conflict',
  not_vaccinated: 'not_found',
  passport_missing: 'invalid',
} as const satisfies Record<string, ErrorKind>;

export type Rule = keyof typeof RULE_KINDS;

/** What a rule may carry besides its message, for the dialects to show. */
export interface ErrorDetails {
  /** The request field at fault (`child.birth_date`). */
  field?: string;
  /** When a rate limit or lock ends. */
  retry_after_seconds?: number;
}

export class DomainError extends Error {
  readonly kind: ErrorKind;
  constructor(
    public readonly rule: Rule,
    message: string,
    public readonly details: ErrorDetails = {},
  ) {
    super(message);
    this.name = 'DomainError';
    this.kind = RULE_KINDS[rule];
  }
}

export const isDomainError = (e: unknown): e is DomainError => e instanceof DomainError;
