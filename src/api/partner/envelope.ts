// The partner APIs' envelope (DESIGN.md "The partner APIs"):
//   {"status": 1000, "message": "data found", "data": {"info": {...}}}
// with the seed's status codes and a matching HTTP status. Shared by every partner dialect
// (kids vaccination, video consultation) and the admin API.
import { Type, type TSchema } from '@sinclair/typebox';

export const PARTNER_STATUS = {
  1000: { http: 200, meaning: 'success' },
  1001: { http: 400, meaning: 'validation error' },
  1002: { http: 401, meaning: 'unauthorized' },
  1003: { http: 401, meaning: 'signature mismatch' },
  1004: { http: 404, meaning: 'not found' },
  1005: { http: 409, meaning: 'slot unavailable' },
  5000: { http: 500, meaning: 'server error' },
} as const;
export type PartnerStatus = keyof typeof PARTNER_STATUS;

/** Thrown by partner routes: becomes the envelope with `status` and the matching HTTP status. */
export class PartnerError extends Error {
  constructor(
    public readonly status: Exclude<PartnerStatus, 1000>,
    message: string,
    public readonly info: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'PartnerError';
  }
}

export interface Envelope<T> {
  status: 1000;
  message: string;
  data: { info: T };
}

export function ok<T>(info: T, message = 'data found'): Envelope<T> {
  return { status: 1000, message, data: { info } };
}

/** The error body: same envelope, `data.info` empty or with the fields at fault. */
export const PartnerErrorBody = Type.Object(
  {
    status: Type.Integer({
      description:
        '1001 validation, 1002 unauthorized, 1003 signature mismatch, 1004 not found, 1005 slot unavailable, 5000 server error',
    }),
    message: Type.String(),
    data: Type.Object({ info: Type.Object({}, { additionalProperties: true }) }),
  },
  {
    $id: 'PartnerError',
    examples: [
      {
        status: 1001,
        message: 'child.birth_date must be a date in YYYY-MM-DD form',
        data: { info: { fields: ['child.birth_date'] } },
      },
    ],
  },
);

/** Response schema of a successful call: the envelope around `info`. */
export function envelopeOf(info: TSchema, example: unknown, message = 'data found') {
  return Type.Object(
    {
      status: Type.Literal(1000),
      message: Type.String(),
      data: Type.Object({ info }),
    },
    { examples: [{ status: 1000, message, data: { info: example } }] },
  );
}

/**
 * The `response` map of a partner route: 200 with `info`, plus every error status (413: body
 * over the limit; 429: rate limit, with Retry-After).
 */
export function partnerResponses(info: TSchema, example: unknown, message?: string) {
  const err = Type.Ref('PartnerError');
  return {
    200: envelopeOf(info, example, message),
    400: err,
    401: err,
    404: err,
    409: err,
    413: err,
    429: err,
    500: err,
  };
}

/** `return_url` and `cancel_url` of a booking (partner APIs). */
export const CHECKOUT_URL_FIELDS = {
  return_url: Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: 2000,
      description:
        'Where the checkout page sends the payer after paying, with `booking_id` and `outcome` (paid | refund_due) added to its query. Its origin must be registered for your partner account.',
      examples: ['https://app.example.com/bookings/done'],
    }),
  ),
  cancel_url: Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: 2000,
      description:
        'Where the checkout page sends the payer after declining or cancelling, with `booking_id` and `outcome` (declined | cancelled) added to its query. Its origin must be registered for your partner account.',
      examples: ['https://app.example.com/bookings/cancelled'],
    }),
  ),
};
