// Schemas of the partner webhook API (/webhooks/v1): endpoints and their deliveries.
import { Type } from '@sinclair/typebox';
import { EVENT_TYPES } from '../../core/scheduling/events.js';

const EventName = Type.Union([...EVENT_TYPES.map((e) => Type.Literal(e)), Type.Literal('*')]);

export const ENDPOINT_EXAMPLE = {
  id: 'whe_3kq9x7m2d1a8c5f0',
  partner_id: 'ptn_7fq3x9k2m1a8d4b6',
  url: 'https://partner.example/careslot/events',
  events: ['booking.confirmed', 'booking.cancelled'],
  enabled: true,
  created_at: '2026-11-29T04:00:00.000Z',
  disabled_at: null,
};

export const Endpoint = Type.Object(
  {
    id: Type.String(),
    partner_id: Type.String(),
    url: Type.String(),
    events: Type.Array(Type.String()),
    enabled: Type.Boolean(),
    created_at: Type.String(),
    disabled_at: Type.Union([Type.String(), Type.Null()]),
  },
  { examples: [ENDPOINT_EXAMPLE] },
);

export const CreateEndpointBody = Type.Object(
  {
    url: Type.String({ minLength: 1, maxLength: 2000, description: 'https URL that receives the POSTs' }),
    events: Type.Optional(
      Type.Array(EventName, { maxItems: EVENT_TYPES.length + 1, description: 'event types; omitted or ["*"]: all' }),
    ),
  },
  {
    additionalProperties: false,
    examples: [{ url: 'https://partner.example/careslot/events', events: ['booking.confirmed', 'booking.cancelled'] }],
  },
);

export const CREATED_EXAMPLE = { endpoint: ENDPOINT_EXAMPLE, secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' };
export const Created = Type.Object({ endpoint: Endpoint, secret: Type.String() }, { examples: [CREATED_EXAMPLE] });

export const EndpointList = Type.Object(
  { endpoints: Type.Array(Endpoint) },
  { examples: [{ endpoints: [ENDPOINT_EXAMPLE] }] },
);

export const EndpointParams = Type.Object({
  endpoint_id: Type.String({ minLength: 1, maxLength: 64, examples: ['whe_3kq9x7m2d1a8c5f0'] }),
});
export const DeliveryParams = Type.Object({
  delivery_id: Type.String({ minLength: 1, maxLength: 64, examples: ['dlv_8d2kq7m3x1a8c5f0'] }),
});

const Attempt = Type.Object({
  attempt: Type.Integer(),
  at: Type.String(),
  outcome: Type.Union([Type.Literal('delivered'), Type.Literal('failed')]),
  status_code: Type.Union([Type.Integer(), Type.Null()]),
  error: Type.Union([Type.String(), Type.Null()]),
  duration_ms: Type.Integer(),
});
const Status = Type.Union([Type.Literal('pending'), Type.Literal('delivered'), Type.Literal('failed')]);

export const DELIVERY_EXAMPLE = {
  id: 'dlv_8d2kq7m3x1a8c5f0',
  event_id: 'msg_2c7d9k1m3x8a4q6f0b5d',
  event_type: 'booking.confirmed',
  status: 'delivered',
  attempts: 2,
  next_attempt_at: null,
  last_status_code: 200,
  last_error: null,
  created_at: '2026-11-29T04:00:00.000Z',
  history: [
    {
      attempt: 1,
      at: '2026-11-29T04:00:00.000Z',
      outcome: 'failed',
      status_code: 503,
      error: 'HTTP 503',
      duration_ms: 41,
    },
    {
      attempt: 2,
      at: '2026-11-29T04:00:05.000Z',
      outcome: 'delivered',
      status_code: 200,
      error: null,
      duration_ms: 38,
    },
  ],
};
export const Delivery = Type.Object(
  {
    id: Type.String(),
    event_id: Type.String(),
    event_type: Type.String(),
    status: Status,
    attempts: Type.Integer(),
    next_attempt_at: Type.Union([Type.String(), Type.Null()]),
    last_status_code: Type.Union([Type.Integer(), Type.Null()]),
    last_error: Type.Union([Type.String(), Type.Null()]),
    created_at: Type.String(),
    history: Type.Array(Attempt),
  },
  { examples: [DELIVERY_EXAMPLE] },
);
export const DeliveryList = Type.Object(
  { deliveries: Type.Array(Delivery) },
  { examples: [{ deliveries: [DELIVERY_EXAMPLE] }] },
);
export const REDELIVERY_EXAMPLE = {
  id: 'dlv_8d2kq7m3x1a8c5f0',
  status: 'pending',
  next_attempt_at: '2026-11-29T05:00:00.000Z',
};
export const Redelivery = Type.Object(
  { id: Type.String(), status: Type.Literal('pending'), next_attempt_at: Type.String() },
  { examples: [REDELIVERY_EXAMPLE] },
);
