// Prometheus metrics, one registry per app instance (prom-client's default registry is
// global and would mix instances in one process, e.g. in tests).
//
// Booking and payment counts come from the committed events of the core
// (core/scheduling/events.ts `onCommittedEvent`): they are counted after the transaction
// commits, never for a rollback, and nothing is counted on the request's critical path.
import { Counter, Registry, collectDefaultMetrics } from 'prom-client';
import type { CommittedEvent } from './core/scheduling/events.js';
import { cacheCounts } from './core/shared/cache-stats.js';
import { RequestDurations } from './request-durations.js';

export interface Metrics {
  registry: Registry;
  /** careslot_http_request_duration_seconds (./request-durations.ts). */
  httpDuration: RequestDurations;
  /** Count one answer's duration in `httpDuration` (on every request). */
  observeRequest: (method: string, route: string, statusCode: number, seconds: number) => void;
  /** Booking state changes by API (`cowin`, `kids`, `video`) and event. */
  bookings: Counter<'api' | 'event'>;
  payments: Counter<'api' | 'outcome'>;
  holdsExpired: Counter;
  /** Recorded delivery attempts by target (`webhook`, `sms`) and outcome (`delivered`, `retry`, `failed`). */
  deliveries: Counter<'target' | 'outcome'>;
  /** Attempts that did not deliver (outcome `retry` or `failed` above), by target. */
  deliveryFailures: Counter<'target'>;
  /** Read-model cache answers by cache and result (`hit`, `miss`), from core/shared/cache-stats.ts. */
  readCache: Counter<'cache' | 'result'>;
}

export function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'careslot_' });
  const counter = <L extends string>(name: string, help: string, labelNames: L[]) =>
    new Counter<L>({ name, help, labelNames, registers: [registry] });
  const httpDuration = new RequestDurations(registry);
  return {
    registry,
    httpDuration,
    observeRequest: (method, route, statusCode, seconds) => httpDuration.record(method, route, statusCode, seconds),
    bookings: counter(
      'careslot_bookings_total',
      'Booking state changes by API and event (created, confirmed, expired, cancelled, rescheduled, completed)',
      ['api', 'event'],
    ),
    payments: counter('careslot_payments_total', 'Settled payments by API and outcome', ['api', 'outcome']),
    holdsExpired: counter(
      'careslot_holds_expired_total',
      'Unpaid holds the sweep expired and gave their seats back',
      [],
    ),
    deliveries: counter(
      'careslot_webhook_deliveries_total',
      'Delivery attempts of events (webhooks, SMS notices) by target and outcome',
      ['target', 'outcome'],
    ),
    deliveryFailures: counter('careslot_webhook_failures_total', 'Delivery attempts that failed, by target', [
      'target',
    ]),
    readCache: new Counter({
      name: 'careslot_read_cache_total',
      help: 'Answers of the read model caches by cache (place_slots, centre_listing, centre_time_slots, v2_sessions, kids_browse) and result (hit: from memory; miss: read from the database)',
      labelNames: ['cache', 'result'],
      registers: [registry],
      // Counted in the core as plain numbers on the request path; copied here when scraped.
      collect() {
        this.reset();
        for (const c of cacheCounts()) this.inc({ cache: c.cache, result: c.result }, c.count);
      },
    }),
  };
}

/** Count one committed event (called after its transaction committed). */
export function countEvent(metrics: Metrics, e: CommittedEvent): void {
  if (e.type.startsWith('payment.')) {
    metrics.payments.inc({ api: e.channel, outcome: e.type.slice('payment.'.length) });
    return;
  }
  if (e.created) metrics.bookings.inc({ api: e.channel, event: 'created' });
  if (e.type !== 'booking.held') metrics.bookings.inc({ api: e.channel, event: e.type.slice('booking.'.length) });
}

export function countAttempt(metrics: Metrics, target: 'webhook' | 'sms', outcome: 'delivered' | 'retry' | 'failed') {
  metrics.deliveries.inc({ target, outcome });
  if (outcome !== 'delivered') metrics.deliveryFailures.inc({ target });
}
