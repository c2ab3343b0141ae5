// Domain errors. The core says what went wrong; each API dialect maps the code to its own
// envelope and status. Messages say what to fix and are safe to show to the caller.
export type DomainErrorCode =
  | 'invalid'          // input is malformed or breaks a rule
  | 'not_found'        // no such object (or not visible to this caller)
  | 'slot_unavailable' // not enough free seats, or the slot cannot be booked
  | 'conflict'         // the object is in a state that forbids the operation
  | 'idempotency_mismatch' // same reference reused with a different request
  | 'unauthorized'
  | 'forbidden'
  | 'rate_limited'
  | 'locked';

export class DomainError extends Error {
  constructor(
    public readonly code: DomainErrorCode,
    message: string,
    public readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const isDomainError = (e: unknown): e is DomainError => e instanceof DomainError;
