// One pass of the dispatcher: fan new events out, claim due deliveries, attempt them
// (webhook POSTs in parallel, SMS through the injected sender) and record each attempt.
// Time, randomness and the transports are injected, so tests drive it without the wall clock.
// src/jobs.ts runs a pass every second in each server process.
import type { Store } from '../../store/index.js';
import type { OutboxEvent } from '../../store/schema.js';
import { endpointSecret } from './endpoints.js';
import { claimDue, DISABLED_ERROR, fanOut, recordAttempt, type AttemptResult, type Claimed } from './deliveries.js';
import { postJson, type PostResult } from './http-post.js';
import { webhookHeaders } from './signing.js';

/** Tells one person about an event (CoWIN: an SMS); throws when it could not. */
export type PersonNotifier = (personId: number, event: OutboxEvent) => Promise<void>;

export interface DispatchOptions {
  store: Store;
  instanceSecret: string;
  now: () => Date;
  /** Allow loopback and private addresses (sandbox and tests; never in production). */
  allowPrivate: boolean;
  timeoutMs?: number;
  batch?: number;
  random?: () => number;
  post?: typeof postJson;
  notify?: PersonNotifier;
  /** Told of every recorded attempt (metrics), after it is recorded. */
  onAttempt?: (target: 'webhook' | 'sms', outcome: 'delivered' | 'retry' | 'failed') => void;
}

export interface DispatchReport {
  fannedOut: number;
  attempted: number;
  delivered: number;
  failed: number;
}

export const TIMEOUT_MS = 10_000;

async function attempt(c: Claimed, o: DispatchOptions): Promise<AttemptResult> {
  const started = performance.now();
  const failure = (error: string): AttemptResult => ({
    ok: false,
    statusCode: null,
    error,
    durationMs: Math.round(performance.now() - started),
  });
  if (c.delivery.target === 'sms') {
    if (!o.notify || c.delivery.person_id === null) return failure('no SMS sender in this process');
    try {
      await o.notify(c.delivery.person_id, c.event);
      return { ok: true, statusCode: null, error: null, durationMs: Math.round(performance.now() - started) };
    } catch (err) {
      return failure(String((err as Error).message ?? err).slice(0, 200));
    }
  }
  if (!c.endpoint) return { ...failure('the endpoint no longer exists'), final: true };
  if (c.endpoint.disabled) return { ...failure(DISABLED_ERROR), final: true };
  const headers = webhookHeaders(endpointSecret(o.instanceSecret, c.endpoint), c.event.code, o.now(), c.event.payload);
  const r: PostResult = await (o.post ?? postJson)(c.endpoint.url, headers, c.event.payload, {
    timeoutMs: o.timeoutMs ?? TIMEOUT_MS,
    allowPrivate: o.allowPrivate,
  });
  return { ok: r.error === null, statusCode: r.status, error: r.error, durationMs: r.durationMs };
}

export async function dispatchOnce(o: DispatchOptions): Promise<DispatchReport> {
  const fannedOut = await fanOut(o.store, o.now());
  const claimed = await claimDue(o.store, o.now(), o.batch);
  const report = { fannedOut, attempted: claimed.length, delivered: 0, failed: 0 };
  await Promise.all(
    claimed.map(async (c) => {
      const result = await attempt(c, o);
      const status = await recordAttempt(o.store, c.delivery, result, o.now(), o.random);
      if (status === null) return;
      if (status === 'delivered') report.delivered++;
      if (status === 'failed') report.failed++;
      o.onAttempt?.(c.delivery.target, status === 'pending' ? 'retry' : status);
    }),
  );
  return report;
}
