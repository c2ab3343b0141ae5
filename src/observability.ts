// Prometheus metrics, one registry per app instance (prom-client's default registry is
// global and would mix instances in one process, e.g. in tests).
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export interface Metrics {
  registry: Registry;
  httpDuration: Histogram<'method' | 'route' | 'status_code'>;
  bookings: Counter<'channel' | 'outcome'>;
  holdsExpired: Counter;
}

export function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'careslot_' });
  return {
    registry,
    httpDuration: new Histogram({
      name: 'careslot_http_request_duration_seconds',
      help: 'HTTP request duration by route and status',
      labelNames: ['method', 'route', 'status_code'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    }),
    bookings: new Counter({
      name: 'careslot_bookings_total',
      help: 'Booking attempts by channel and outcome',
      labelNames: ['channel', 'outcome'],
      registers: [registry],
    }),
    holdsExpired: new Counter({
      name: 'careslot_holds_expired_total',
      help: 'Unpaid holds that expired and gave their seats back',
      registers: [registry],
    }),
  };
}
