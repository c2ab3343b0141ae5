// The request-duration histogram (src/request-durations.ts) against prom-client's own
// Histogram with the same buckets and the same observations: /metrics text and the
// registry's JSON (which the console's dashboard reads) must not tell them apart.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Histogram, Registry } from 'prom-client';
import { DURATION_BUCKETS, type DurationLabels, RequestDurations } from '../../src/request-durations.js';

function pair() {
  const ours = new Registry();
  const theirs = new Registry();
  const durations = new RequestDurations(ours);
  const histogram = new Histogram({
    name: durations.name,
    help: durations.help,
    labelNames: ['method', 'route', 'status_code'],
    buckets: [...DURATION_BUCKETS],
    registers: [theirs],
  });
  const both = (method: string, route: string, status: number, seconds: number) => {
    durations.record(method, route, status, seconds);
    histogram.observe({ method, route, status_code: String(status) }, seconds);
  };
  return { ours, theirs, durations, histogram, both };
}

/** The registry's JSON without prom-client's empty exemplars (not set by either here). */
async function json(r: Registry) {
  return (await r.getMetricsAsJSON()).map((m) => ({
    ...m,
    values: (m.values as unknown as Record<string, unknown>[]).map(({ exemplar: _e, ...v }) => v),
  }));
}

describe('request durations', () => {
  it('exports what prom-client’s Histogram exports for the same answers', async () => {
    const { ours, theirs, both } = pair();
    // On a bound (counted in it), between bounds, zero, above the last bound, and label sets
    // first seen interleaved: a route with two statuses, a second method on the same route.
    both('GET', '/api/v1/appointment/centers/findByPin', 200, 0.001);
    both('POST', '/kids-vaccination/v1/book', 200, 0.0123);
    both('GET', '/api/v1/appointment/centers/findByPin', 200, 0.0011);
    both('GET', '/api/v1/appointment/centers/findByPin', 400, 0);
    both('POST', '/kids-vaccination/v1/book', 200, 3.5);
    both('HEAD', '/api/v1/appointment/centers/findByPin', 200, 2.5);
    both('GET', 'unmatched', 404, 0.25);
    for (let i = 0; i < 5; i++) both('POST', '/kids-vaccination/v1/book', 409, i / 100);
    assert.equal(await ours.metrics(), await theirs.metrics());
    assert.deepEqual(await json(ours), await json(theirs));
    const text = await ours.metrics();
    assert.match(
      text,
      /careslot_http_request_duration_seconds_bucket\{le="0\.001",method="GET",route="\/api\/v1\/appointment\/centers\/findByPin",status_code="200"\} 1\n/,
    );
    assert.match(
      text,
      /careslot_http_request_duration_seconds_count\{method="POST",route="\/kids-vaccination\/v1\/book",status_code="409"\} 5\n/,
    );
  });

  it('takes prom-client’s observe(labels, value), and forgets on reset', async () => {
    const { ours, theirs, durations, histogram } = pair();
    const labels: DurationLabels = { method: 'GET', route: '/healthz', status_code: '200' };
    durations.observe(labels, 0.004);
    histogram.observe(labels, 0.004);
    assert.equal(await ours.metrics(), await theirs.metrics());
    ours.resetMetrics();
    theirs.resetMetrics();
    assert.equal(await ours.metrics(), await theirs.metrics());
    assert.doesNotMatch(await ours.metrics(), /healthz/);
  });

  it('refuses a duration that is not a number, as prom-client does', () => {
    const { durations } = pair();
    assert.throws(() => durations.record('GET', '/healthz', 200, Number.NaN), TypeError);
    assert.throws(() => durations.record('GET', '/healthz', 200, Number.POSITIVE_INFINITY), TypeError);
  });
});
