// Every errorCode the Registration & Appointment API answers with, and what it means.
// docs/cowin-errors.md is the reader's copy of this table: keep them in step.
export const COWIN_ERRORS = {
  // Seed 002's facility upload codes.
  USRRES0001: { status: 400, error: 'INPUT_FILE_MISSING', meaning: 'No file was sent in the multipart field `file`.' },
  USRRES0002: { status: 400, error: 'INVALID_FILE_NAME', meaning: 'The file name is not a .csv name.' },
  USRRES0003: { status: 400, error: 'INVALID_FILE_TYPE', meaning: 'The file content is not CSV text.' },
  USRRES0004: {
    status: 400,
    error: 'INVALID_FILE_DATA',
    meaning: 'Rows are invalid; every bad line is listed with its line number and reason. Nothing was imported.',
  },
  USRRES0005: {
    status: 400,
    error: 'INVALID_FILE_HEADERS',
    meaning: "The header row is not the seed's column list; `Wrong-Headers` lists the wrong columns.",
  },
  USRRES0006: {
    status: 413,
    error: 'FILE_TOO_LARGE',
    meaning:
      'The sheet is larger than FACILITY_UPLOAD_MAX_MB (default 100 MB); split it into several uploads. Nothing was imported.',
  },
  USRRES0007: {
    status: 409,
    error: 'UPLOAD_CONFLICT',
    meaning:
      'Another upload changed the same centres at the same moment; upload the sheet again (uploads are idempotent). Nothing was imported.',
  },
  // Authentication.
  USRAUT0001: {
    status: 401,
    error: 'Unauthenticated access!',
    meaning: 'The Authorization token is missing, malformed, expired, or its account is disabled.',
  },
  USRAUT0002: {
    status: 401,
    error: 'Unauthenticated access!',
    meaning:
      'Careslot code: The token is valid but of the wrong kind for this endpoint (e.g. a guest token where a beneficiary token is needed).',
  },
  USRAUT0003: {
    status: 403,
    error: 'Forbidden',
    meaning: "Careslot code: The operator's role does not allow this action.",
  },
  // Registration (issue 3): beneficiary fields. Codes from CoWIN's published API where one exists.
  BENDOC0030: { status: 400, error: 'Name of individual is too long', meaning: 'name is longer than 100 characters.' },
  IMPBEN0073: {
    status: 400,
    error: 'Individual Name is invalid',
    meaning: 'name must be letters (any script), spaces, dots, apostrophes or hyphens, with at least two letters.',
  },
  BENDOC0035: {
    status: 400,
    error: 'Please provide birth year in YYYY format',
    meaning: 'birth_year is not a four-digit year.',
  },
  IMPBEN0078: {
    status: 400,
    error: 'Invalid Birth Year',
    meaning: 'birth_year is in the future or more than 120 years ago.',
  },
  BENDOC0039: {
    status: 400,
    error: 'Invalid gender id',
    meaning: 'gender must be Male, Female or Others (or their ids 1, 2, 3 from getGender).',
  },
  USRAUT0011: {
    status: 400,
    error: 'Invalid mobile number',
    meaning:
      'Careslot code: the mobile must be a 10-digit Indian mobile number starting with 6, 7, 8 or 9 (a leading +91, 91 or 0 is accepted and removed).',
  },
  IMPBEN0080: {
    status: 400,
    error: 'Invalid photo id type',
    meaning: 'photo_id_type must be one of the 13 ids of getBeneficiaryIdType (1 to 13).',
  },
  APPOIN0059: {
    status: 400,
    error: 'Invalid photo id number',
    meaning:
      'photo_id_number does not have the format of its type (e.g. Aadhaar: 12 digits with a valid Verhoeff check digit; PAN: AAAPA9999A); the message says which format is expected.',
  },
  BENDOC0037: {
    status: 400,
    error: 'Consent is required',
    meaning: 'consent must be "Y": a beneficiary is registered only with their consent.',
  },
  BENLOC0001: {
    status: 400,
    error: 'Invalid location',
    meaning:
      'Careslot code: state_id, district_id, block_id, locality_id or pincode does not exist, or they do not belong to each other; the message names the field.',
  },
  BENDOC0046: {
    status: 400,
    error: 'Invalid Input',
    meaning: 'beneficiary_reference_id is missing or not a 14-digit number.',
  },
  BENDOC0038: {
    status: 409,
    error: 'Already registered or cannot register more than 4 individuals with one mobile number.',
    meaning: 'The mobile number already has 4 beneficiaries; delete one first.',
  },
  BENDOC0022: {
    status: 409,
    error: 'Duplicate record found, Individual already registered with this photo ID',
    meaning: 'A live beneficiary already has this photo ID type and number.',
  },
  BENDOC0040: {
    status: 409,
    error: 'Individual cannot be deleted if he/she has an active appointment or is already vaccinated.',
    meaning: "Cancel the beneficiary's active appointment first.",
  },
  BENDOC0012: {
    status: 404,
    error: 'Beneficiary does not exist',
    meaning:
      'No live beneficiary with this reference id is visible to this token (deleted, never existed, registered by another guest account, or linked to another mobile).',
  },
  // Mobile OTP and beneficiary authentication (issue 3).
  USRAUT0014: {
    status: 401,
    error: 'Invalid OTP',
    meaning: 'The OTP does not match; the message says how many tries are left for this txnId.',
  },
  USRAUT0016: {
    status: 401,
    error: 'OTP expired',
    meaning: 'The OTP is older than 3 minutes; request a new one with auth/confirmMobileOTP.',
  },
  USRAUT0017: {
    status: 401,
    error: 'Invalid txnId',
    meaning:
      'No open OTP transaction has this txnId for this guest account (unknown, already used, or started by another guest account).',
  },
  USRAUT0018: {
    status: 429,
    error: 'Too many wrong OTPs',
    meaning: 'The txnId has used its 3 tries; request a new OTP.',
  },
  USRAUT0019: {
    status: 429,
    error: 'OTP limit reached',
    meaning:
      'Too many OTPs sent to this mobile (per 15 minutes or per day), or by this guest account (per hour, OTP_SENDS_PER_GUEST_HOUR); `retry_after_seconds` and the Retry-After header say when to retry.',
  },
  USRAUT0020: {
    status: 401,
    error: 'Details do not match',
    meaning:
      'auth/confirmMobileDob: the reference id, mobile and birth year do not match one beneficiary (the same answer whichever part is wrong).',
  },
  USRAUT0021: {
    status: 429,
    error: 'Too many wrong attempts',
    meaning:
      'auth/confirmMobileDob: 5 wrong answers for this reference id within an hour lock it for an hour; `retry_after_seconds` says when to retry.',
  },
  USRAUT0022: {
    status: 503,
    error: 'Generate OTP failed',
    meaning: 'The SMS gateway did not accept the OTP after retries; nothing else changed. Retry in a minute.',
  },
  USRAUT0004: {
    status: 401,
    error: 'Invalid credentials',
    meaning: 'POST /api/v1/admin/login: the email or password is wrong, or the operator account is disabled.',
  },
  USRAUT0005: {
    status: 429,
    error: 'Account locked',
    meaning:
      'POST /api/v1/admin/login: too many wrong passwords in a row; the account is locked for 15 minutes (Retry-After says how long).',
  },
  // Appointments (issue 4). Codes and texts from the real CoWIN API.
  APPOIN0011: {
    status: 400,
    error: 'Same slot as the current appointment',
    meaning:
      "rescheduleAppointment: the new slot is the appointment's current slot; choose another slot, date or centre.",
  },
  APPOIN0015: {
    status: 400,
    error: 'Invalid Slot Id',
    meaning: 'slot_id is not a session of center_id, or not on the given date (see timeslots/findByCenter).',
  },
  APPOIN0019: {
    status: 404,
    error: 'No beneficiary found for this mobile number',
    meaning:
      "A beneficiary in `beneficiaries` is not linked to the token's mobile number (or does not exist, or was deleted).",
  },
  APPOIN0020: {
    status: 409,
    error: 'Active appointment exists',
    meaning:
      'A beneficiary already has an active appointment (one whose session has not ended); cancel or reschedule it instead.',
  },
  APPOIN0027: {
    status: 400,
    error: 'Appointments are allowed only for future dates',
    meaning: 'The chosen session has already started.',
  },
  APPOIN0029: {
    status: 409,
    error: 'Session already started',
    meaning: "The appointment's session has started or ended: it can no longer be rescheduled or cancelled.",
  },
  APPOIN0030: {
    status: 409,
    error: 'This appointment is already cancelled',
    meaning: 'The appointment was cancelled before.',
  },
  APPOIN0033: {
    status: 400,
    error: 'The individual is not in this appointment',
    meaning:
      '`beneficiaries` names someone who is not in the appointment, or leaves one out (an appointment is changed or cancelled for all its beneficiaries together).',
  },
  APPOIN0040: {
    status: 409,
    error: 'This vaccination center is completely booked',
    meaning:
      'The slot does not have a free seat for every beneficiary; nothing was booked (a reschedule keeps the current slot).',
  },
  APPOIN0042: {
    status: 404,
    error: 'Appointment details is not found',
    meaning: "No appointment with this confirmation number is linked to the token's mobile number.",
  },
  APPOIN0043: {
    status: 400,
    error: 'Age criteria not met',
    meaning: "A beneficiary's age (from the birth year) is outside the age range of the session's vaccine.",
  },
  // Generic request errors.
  APPOIN0001: {
    status: 400,
    error: 'Invalid request',
    meaning: 'Careslot code: The request body or parameters do not match the schema; the message names each field.',
  },
  APPOIN0404: {
    status: 404,
    error: 'Not found',
    meaning: 'Careslot code: The object does not exist or is not visible to this caller.',
  },
  APPOIN0405: {
    status: 405,
    error: 'Method not allowed',
    meaning: 'Careslot code: The path exists but not with this method; the `Allow` header lists the methods it has.',
  },
  APPOIN0409: {
    status: 409,
    error: 'Conflict',
    meaning: 'Careslot code: The object is in a state that forbids the operation.',
  },
  APPOIN0429: {
    status: 429,
    error: 'Too many requests',
    meaning: 'Careslot code: A rate limit was reached; the message says when to retry.',
  },
  APPOIN0500: {
    status: 500,
    error: 'Internal Server Error',
    meaning: 'Careslot code: An unexpected server error; nothing was written. Retry later.',
  },
} as const satisfies Record<string, { status: number; error: string; meaning: string }>;

export type CowinErrorCode = keyof typeof COWIN_ERRORS;
