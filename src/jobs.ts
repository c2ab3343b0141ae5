// The background jobs of a server process, in one place with one start and one stop:
//   - the hold sweep (every SWEEP_SECONDS): returns expired holds to availability. Availability
//     answers never count an expired hold anyway; the sweep keeps the stored counters tidy.
//   - video slot regeneration (hourly): rolls every doctor's slots forward from working hours.
//   - the event dispatcher (every WEBHOOK_DISPATCH_MS, default 1 s; 0 turns it off in this
//     process): delivers outbox events as signed webhooks and SMS notices (core/webhooks).
//   - once at start, where the availability caches live until something changes (SQLite;
//     PostgreSQL once its change listener is connected, which buildApp waits for, so LISTEN
//     runs before the load and no change falls between): every centre's listing data and
//     upcoming slots are loaded, a chunk per turn of the event loop, so first requests run no
//     SQL (core/cowin/centre-directory.ts); then the listing of every pincode, block and
//     district is rendered once by each dialect that registered in `readModel.prerenders`, so
//     a first search costs what a repeated one does.
// Both are idempotent and safe to run in N processes at once. buildApp starts them when the
// app is ready and stops them when it closes; the timers are unref'd, so they never keep a
// process alive on their own.
import type { FastifyInstance } from 'fastify';
import { warmCentreReads } from './core/cowin/centre-directory.js';
import { expireHolds } from './core/scheduling/bookings.js';
import { availabilityTtl } from './core/scheduling/changes.js';
import { generateAll } from './core/video/generate.js';
import { notifySessionCancelled } from './core/cowin/session-notices.js';
import { createSmsSender, SmsDeliveryError } from './core/cowin/sms.js';
import { dispatchOnce } from './core/webhooks/dispatcher.js';
import { countAttempt } from './observability.js';

/** Minutes between runs that roll every doctor's slots forward. */
export const REGENERATE_MINUTES = 60;

export interface Jobs {
  stop(): void;
}

function every(ms: number, job: () => Promise<void>): NodeJS.Timeout {
  const timer = setInterval(() => {
    void job();
  }, ms);
  timer.unref();
  return timer;
}

export function startJobs(app: FastifyInstance): Jobs {
  const { store, config, metrics, log } = app;
  const timers = [
    every(config.sweepSeconds * 1000, () =>
      expireHolds(store)
        .then((n) => {
          if (n > 0) {
            metrics.holdsExpired.inc(n);
            log.info({ expired: n }, 'holds expired');
          }
        })
        .catch((err) => log.warn({ err }, 'hold sweep failed')),
    ),
    every(REGENERATE_MINUTES * 60_000, () =>
      generateAll((fn) => store.tx(fn), store.db, { days: config.videoSlotDays, now: new Date() })
        .then((r) => {
          if (r.created || r.removed) log.info(r, 'video slots regenerated');
        })
        .catch((err) => log.warn({ err }, 'video slot regeneration failed')),
    ),
  ];
  let stopped = false;
  if (config.webhookDispatchMs > 0) timers.push(startDispatcher(app, () => stopped));
  if (availabilityTtl(config.readCacheMs) === Number.POSITIVE_INFINITY) {
    const started = performance.now();
    app.readModel.state = 'loading';
    warmCentreReads(store.db, { ttlMs: config.readCacheMs, stopped: () => stopped })
      .then(async ({ centres, filters }) => {
        // Then the dialects render every pincode's, block's and district's listing once.
        for (const prerender of app.readModel.prerenders) await prerender(filters, () => stopped);
        if (stopped) return;
        app.readModel.state = 'loaded';
        const ms = Math.round(performance.now() - started);
        log.info({ centres, listings: filters.length, ms }, 'centre reads loaded');
      })
      .catch((err) => {
        app.readModel.state = 'failed';
        if (!stopped) log.warn({ err }, 'loading centre reads failed (they load on first use instead)');
      });
  }
  return {
    stop() {
      stopped = true;
      for (const t of timers) clearInterval(t);
    },
  };
}

/** One dispatcher pass at a time, every WEBHOOK_DISPATCH_MS; each pass logs what it did. */
function startDispatcher(app: FastifyInstance, stopped: () => boolean): NodeJS.Timeout {
  const { store, config, metrics, log } = app;
  const sms = createSmsSender(config, log);
  let running = false;
  return every(config.webhookDispatchMs, async () => {
    if (running || stopped()) return;
    running = true;
    try {
      const r = await dispatchOnce({
        store,
        instanceSecret: config.secret,
        now: () => new Date(),
        allowPrivate: config.webhookAllowPrivate,
        timeoutMs: config.webhookTimeoutMs,
        notify: (personId, event) =>
          notifySessionCancelled(store.db, sms, personId, event).catch((err) => {
            throw err instanceof SmsDeliveryError ? new Error(err.failure) : err;
          }),
        onAttempt: (target, outcome) => countAttempt(metrics, target, outcome),
      });
      if (r.attempted > 0) log.info({ deliveries: r }, 'event deliveries attempted');
    } catch (err) {
      if (!stopped()) log.warn({ err }, 'event dispatch failed');
    } finally {
      running = false;
    }
  });
}
