// Drives one scenario with autocannon: a warm-up run that is thrown away, then the measured
// run. Requests are numbered across both runs so distinct data is never reused.
import autocannon from 'autocannon';
import { cpuMicros } from './cpu.js';
import type { LoadRecorder } from './perf.js';
import type { Scenario } from './scenarios.js';

export interface Measured {
  scenario: string;
  group: Scenario['group'];
  requests: number;
  rps: number;
  p50: number;
  p99: number;
  /** The latency's tail (ms, autocannon's percentiles), in the JSON only: where p99 sits in it. */
  tail?: { p90: number; p97_5: number; p99_9: number; max: number };
  /** Non-2xx responses, connection errors and timeouts, less the expected answers below. */
  errors: number;
  /** Of `errors`: requests without an answer after 10 s, and connection errors (refused, reset). */
  timeouts: number;
  connectionErrors: number;
  /** Non-2xx answers the scenario expects (the rush's 409 "completely booked"). */
  expected?: number;
  /** Careslot's event-loop delay during the measured run (ms; prom-client's monitorEventLoopDelay). */
  loopLag?: { p99: number; max: number } | null;
  /** Requests still waiting for an answer when the measured run ended (not counted above). */
  unfinished: number;
  statuses: Record<string, number>;
  durationS: number;
  /** Bytes received per answer, headers included (the ceiling's answer is about 1.2 KB). */
  bytesPerAnswer: number;
  /** The server's CPU time per answered request over the measured run (µs; ./cpu.ts), if known. */
  cpuUsPerRequest?: number | null;
}

interface RunOptions {
  url: string;
  connections: number;
  duration: number;
}

interface Tally {
  statuses: Record<string, number>;
  expected: number;
}

function run(s: Scenario, o: RunOptions, counter: { n: number }, tally: Tally | null): Promise<any> {
  const expected = s.expected;
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: o.url,
        connections: o.connections,
        duration: o.duration,
        timeout: 10,
        requests: [
          {
            setupRequest: (req: any) => {
              const r = s.next(counter.n++);
              req.method = r.method;
              req.path = r.path;
              req.headers = r.headers;
              req.body = r.body;
              return req;
            },
            onResponse: tally
              ? (status: number, body: unknown) => {
                  if (expected && status >= 300 && expected(status, String(body ?? ''))) tally.expected++;
                  else tally.statuses[status] = (tally.statuses[status] ?? 0) + 1;
                }
              : undefined,
          },
        ],
      },
      (err: Error | null, result: any) => (err ? reject(err) : resolve(result)),
    );
    instance.on('error', () => {});
  });
}

/**
 * Wait until the server answers /healthz quickly again: requests of the previous scenario that
 * were still queued when autocannon stopped must not be charged to the next scenario.
 */
export async function settle(url: string, maxMs = 180_000): Promise<boolean> {
  const deadline = Date.now() + maxMs;
  while (Date.now() < deadline) {
    const t = Date.now();
    try {
      const res = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(maxMs) });
      await res.arrayBuffer();
      if (Date.now() - t < 50) return true;
    } catch {
      /* keep waiting */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return false;
}

/**
 * The server's event-loop delay since the previous call: prom-client's default metrics
 * (`collectDefaultMetrics` in src/observability.ts) report a monitorEventLoopDelay histogram
 * on /metrics and reset it on every scrape. Null when the server has no such metrics.
 */
export async function loopLag(url: string): Promise<{ p99: number; max: number } | null> {
  try {
    const res = await fetch(`${url}/metrics`, { signal: AbortSignal.timeout(30_000) });
    const text = await res.text();
    const read = (name: string) => {
      const m = new RegExp(`^\\w*nodejs_eventloop_lag_${name}_seconds(?:\\{[^}]*\\})? (\\S+)$`, 'm').exec(text);
      return m ? Number(m[1]) * 1000 : Number.NaN;
    };
    const p99 = read('p99');
    const max = read('max');
    return Number.isFinite(p99) && Number.isFinite(max) ? { p99, max } : null;
  } catch {
    return null;
  }
}

export async function measure(
  s: Scenario,
  url: string,
  connections: number,
  warmup: number,
  duration: number,
  /** Measure the event-loop delay of `url`'s server over the measured run. */
  lag = false,
  /** The server's process id, to measure its CPU time over the measured run. */
  pid?: number,
  /** Started after the warm-up, stopped after the measured run (./perf.ts). */
  recorder?: LoadRecorder,
  /** Where the request numbering goes on from, for several runs against one server (./paired.ts). */
  counter: { n: number } = { n: 0 },
): Promise<Measured> {
  const conns = s.connections ?? connections;
  if (warmup > 0) await run(s, { url, connections: conns, duration: warmup }, counter, null);
  const tally: Tally = { statuses: {}, expected: 0 };
  if (lag) await loopLag(url); // resets the histogram: what follows is the measured run's
  await recorder?.start();
  const cpuBefore = cpuMicros(pid);
  const r = await run(s, { url, connections: conns, duration }, counter, tally);
  const cpuAfter = cpuMicros(pid);
  await recorder?.stop();
  const loop = lag ? await loopLag(url) : undefined;
  const total = r.requests.total as number;
  return {
    scenario: s.name,
    group: s.group,
    requests: total,
    rps: total / duration,
    p50: r.latency.p50,
    p99: r.latency.p99,
    tail: { p90: r.latency.p90, p97_5: r.latency.p97_5, p99_9: r.latency.p99_9, max: r.latency.max },
    // autocannon's `errors` already counts its timeouts (README: "connection errors (including
    // timeouts)"): each failed request once.
    errors: (r.non2xx ?? 0) + (r.errors ?? 0) - tally.expected,
    timeouts: r.timeouts ?? 0,
    connectionErrors: (r.errors ?? 0) - (r.timeouts ?? 0),
    ...(s.expected ? { expected: tally.expected } : {}),
    ...(loop !== undefined ? { loopLag: loop } : {}),
    unfinished: Math.max(0, (r.requests.sent ?? total) - total),
    statuses: tally.statuses,
    durationS: duration,
    bytesPerAnswer: total > 0 ? Math.round((r.throughput?.total ?? 0) / total) : 0,
    cpuUsPerRequest: cpuBefore !== null && cpuAfter !== null && total > 0 ? (cpuAfter - cpuBefore) / total : null,
  };
}
