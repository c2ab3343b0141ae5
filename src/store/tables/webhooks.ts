// Table types of the event outbox and webhook delivery (migration 0010, docs/webhooks.md).
import type { Generated, Selectable } from 'kysely';

export interface WebhookEndpointTable {
  id: Generated<number>;
  /** Public id (`whe_…`). */
  code: string;
  partner_id: number;
  url: string;
  /** JSON array of event types, or `["*"]`. */
  events: string;
  /** The `whsec_…` signing secret, AES-256-GCM encrypted with a key derived from CARESLOT_SECRET. */
  secret_enc: string;
  disabled: number;
  created_at: string;
  disabled_at: string | null;
}
export interface OutboxEventTable {
  id: Generated<number>;
  /** The event id partners see (`msg_…`, the `webhook-id` header). */
  code: string;
  type: string;
  channel: string;
  owner_id: string | null;
  booking_id: number | null;
  /** The JSON body delivered: `{"type", "timestamp", "data"}`. */
  payload: string;
  created_at: string;
  /** 1 once the dispatcher has created its deliveries. */
  fanned_out: number;
}
export type DeliveryStatus = 'pending' | 'delivered' | 'failed';
export interface EventDeliveryTable {
  id: Generated<number>;
  /** Public id (`dlv_…`). */
  code: string;
  event_id: number;
  target: 'webhook' | 'sms';
  endpoint_id: number | null;
  /** target sms: the person told. */
  person_id: number | null;
  status: DeliveryStatus;
  attempts: number;
  next_attempt_at: string;
  /** A dispatcher holds the delivery until then (its `lease_token`). */
  lease_until: string | null;
  lease_token: string | null;
  last_status_code: number | null;
  last_error: string | null;
  created_at: string;
  updated_at: string;
}
export interface EventAttemptTable {
  id: Generated<number>;
  delivery_id: number;
  attempt: number;
  at: string;
  outcome: 'delivered' | 'failed';
  status_code: number | null;
  error: string | null;
  duration_ms: number;
}
export type WebhookEndpoint = Selectable<WebhookEndpointTable>;
export type OutboxEvent = Selectable<OutboxEventTable>;
export type EventDelivery = Selectable<EventDeliveryTable>;
export type EventAttempt = Selectable<EventAttemptTable>;
