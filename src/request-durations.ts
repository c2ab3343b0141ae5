// careslot_http_request_duration_seconds: every answer's duration by method, route and
// status, as a Prometheus histogram in the app's registry.
//
// Why not prom-client's Histogram: its `observe` validates the label names and hashes the
// label object on every call, even through a kept `labels()` child, and it is called once
// per request. In a profile of the reads answered around Fastify (docs/performance.md,
// twenty-second pass) it was 3–5 % of the server's CPU. Here a request finds its cell by
// route, then method and status (a few per route), and adds to one bucket. What the registry
// reads from it (`get`, `getForPromString`) is what a Histogram with the same buckets and
// the same observations gives, value for value and in the same order:
// test/system/request-durations.test.ts holds the two side by side.
import type { Registry } from 'prom-client';

export const DURATION_BUCKETS: readonly number[] = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];

export type DurationLabels = { method: string; route: string; status_code: string };

interface Cell {
  method: string;
  status: number;
  labels: DurationLabels;
  /** Answers per bucket (not cumulative); the last one counts those above every bound. */
  counts: number[];
  sum: number;
  count: number;
}

type Exported = {
  labels: Record<string, string | number>;
  sharedLabels: DurationLabels;
  value: number;
  metricName: string;
};

/** What the registry reads from a metric (prom-client's MetricObjectWithValues). */
interface Read<V> {
  name: string;
  help: string;
  type: 'histogram';
  aggregator: 'sum';
  values: V[];
}

export class RequestDurations {
  readonly name = 'careslot_http_request_duration_seconds';
  readonly help = 'HTTP request duration by route and status';
  readonly type = 'histogram';
  readonly aggregator = 'sum';
  private cells = new Map<string, Cell[]>();
  /** Cells in the order they were first observed (prom-client exports label sets in that order). */
  private order: Cell[] = [];

  constructor(registry: Registry) {
    registry.registerMetric(this as never);
  }

  /** Count one answer (the hot path: no allocation once its method, route and status were seen). */
  record(method: string, route: string, status: number, seconds: number): void {
    if (!Number.isFinite(seconds)) throw new TypeError(`Value is not a valid number: ${seconds}`);
    let cells = this.cells.get(route);
    if (!cells) {
      cells = [];
      this.cells.set(route, cells);
    }
    let cell: Cell | undefined;
    for (let i = 0; i < cells.length; i++) {
      const c = cells[i];
      if (c.status === status && c.method === method) {
        cell = c;
        break;
      }
    }
    if (!cell) {
      cell = {
        method,
        status,
        labels: { method, route, status_code: String(status) },
        counts: new Array(DURATION_BUCKETS.length + 1).fill(0),
        sum: 0,
        count: 0,
      };
      cells.push(cell);
      this.order.push(cell);
    }
    let b = 0;
    while (b < DURATION_BUCKETS.length && seconds > DURATION_BUCKETS[b]) b++;
    cell.counts[b]++;
    cell.sum += seconds;
    cell.count++;
  }

  /** prom-client's `Histogram.observe(labels, value)`, for callers that hold the labels. */
  observe(labels: DurationLabels, seconds: number): void {
    this.record(labels.method, labels.route, Number(labels.status_code), seconds);
  }

  /** Forget every count (the registry's `resetMetrics`). */
  reset(): void {
    this.cells = new Map();
    this.order = [];
  }

  /** The values as a Histogram's `getForPromString` gives them: `le` per bucket, the label set shared. */
  async getForPromString(): Promise<Read<Exported>> {
    return this.read(this.exported());
  }

  /** The values as a Histogram's `get` gives them (the registry's JSON): each with all its labels. */
  async get(): Promise<Read<{ labels: Record<string, string | number>; value: number; metricName: string }>> {
    return this.read(
      this.exported().map(({ labels, sharedLabels, ...v }) => ({ ...v, labels: { ...labels, ...sharedLabels } })),
    );
  }

  private read<V>(values: V[]): Read<V> {
    return { name: this.name, help: this.help, type: this.type, aggregator: this.aggregator, values };
  }

  private exported(): Exported[] {
    const bucket = `${this.name}_bucket`;
    const out: Exported[] = [];
    for (const c of this.order) {
      let acc = 0;
      for (let b = 0; b < DURATION_BUCKETS.length; b++) {
        acc += c.counts[b];
        out.push({ labels: { le: DURATION_BUCKETS[b] }, sharedLabels: c.labels, value: acc, metricName: bucket });
      }
      out.push({ labels: { le: '+Inf' }, sharedLabels: c.labels, value: c.count, metricName: bucket });
      out.push({ labels: {}, sharedLabels: c.labels, value: c.sum, metricName: `${this.name}_sum` });
      out.push({ labels: {}, sharedLabels: c.labels, value: c.count, metricName: `${this.name}_count` });
    }
    return out;
  }
}
