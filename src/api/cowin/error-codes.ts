// Every errorCode the Registration & Appointment API answers with, and what it means.
// docs/cowin-errors.md is the reader's copy of this table: keep them in step.
export const COWIN_ERRORS = {
  // Seed 002's facility upload codes.
  USRRES0001: { status: 400, error: 'INPUT_FILE_MISSING', meaning: 'No file was sent in the multipart field `file`.' },
  USRRES0002: { status: 400, error: 'INVALID_FILE_NAME', meaning: 'The file name is not a .csv name.' },
  USRRES0003: { status: 400, error: 'INVALID_FILE_TYPE', meaning: 'The file content is not CSV text.' },
  USRRES0004: { status: 400, error: 'INVALID_FILE_DATA', meaning: 'Rows are invalid; every bad line is listed with its line number and reason. Nothing was imported.' },
  USRRES0005: { status: 400, error: 'INVALID_FILE_HEADERS', meaning: 'The header row is not the seed\'s column list; `Wrong-Headers` lists the wrong columns.' },
  // Authentication.
  USRAUT0001: { status: 401, error: 'Unauthenticated access!', meaning: 'The Authorization token is missing, malformed, expired, or its account is disabled.' },
  USRAUT0002: { status: 401, error: 'Unauthenticated access!', meaning: 'The token is valid but of the wrong kind for this endpoint (e.g. a guest token where a beneficiary token is needed).' },
  USRAUT0003: { status: 403, error: 'Forbidden', meaning: 'The operator\'s role does not allow this action.' },
  USRAUT0004: { status: 401, error: 'Invalid credentials', meaning: 'POST /api/v1/admin/login: the email or password is wrong, or the operator account is disabled.' },
  USRAUT0005: { status: 429, error: 'Account locked', meaning: 'POST /api/v1/admin/login: too many wrong passwords in a row; the account is locked for 15 minutes (Retry-After says how long).' },
  // Generic request errors.
  APPOIN0001: { status: 400, error: 'Invalid request', meaning: 'The request body or parameters do not match the schema; the message names each field.' },
  APPOIN0404: { status: 404, error: 'Not found', meaning: 'The object does not exist or is not visible to this caller.' },
  APPOIN0409: { status: 409, error: 'Conflict', meaning: 'The object is in a state that forbids the operation.' },
  APPOIN0429: { status: 429, error: 'Too many requests', meaning: 'A rate limit was reached; the message says when to retry.' },
  APPOIN0500: { status: 500, error: 'Internal Server Error', meaning: 'An unexpected server error; nothing was written. Retry later.' },
} as const satisfies Record<string, { status: number; error: string; meaning: string }>;

export type CowinErrorCode = keyof typeof COWIN_ERRORS;
