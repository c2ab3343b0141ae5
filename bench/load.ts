// Drives one scenario with autocannon: a warm-up run that is thrown away, then the measured
// run. Requests are numbered across both runs so distinct data is never reused.
import autocannon from 'autocannon';
import type { Scenario } from './scenarios.js';

export interface Measured {
  scenario: string;
  group: Scenario['group'];
  requests: number;
  rps: number;
  p50: number;
  p99: number;
  /** Non-2xx responses, connection errors and timeouts. */
  errors: number;
  /** Requests still waiting for an answer when the measured run ended (not counted above). */
  unfinished: number;
  statuses: Record<string, number>;
  durationS: number;
}

interface RunOptions {
  url: string;
  connections: number;
  duration: number;
}

function run(
  s: Scenario,
  o: RunOptions,
  counter: { n: number },
  statuses: Record<string, number> | null,
): Promise<any> {
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
            onResponse: statuses
              ? (status: number) => {
                  statuses[status] = (statuses[status] ?? 0) + 1;
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

export async function measure(
  s: Scenario,
  url: string,
  connections: number,
  warmup: number,
  duration: number,
): Promise<Measured> {
  const counter = { n: 0 };
  if (warmup > 0) await run(s, { url, connections, duration: warmup }, counter, null);
  const statuses: Record<string, number> = {};
  const r = await run(s, { url, connections, duration }, counter, statuses);
  const total = r.requests.total as number;
  return {
    scenario: s.name,
    group: s.group,
    requests: total,
    rps: total / duration,
    p50: r.latency.p50,
    p99: r.latency.p99,
    errors: (r.non2xx ?? 0) + (r.errors ?? 0) + (r.timeouts ?? 0),
    unfinished: Math.max(0, (r.requests.sent ?? total) - total),
    statuses,
    durationS: duration,
  };
}
