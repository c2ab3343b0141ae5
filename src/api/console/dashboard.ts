// The live dashboard: bookings, availability reads and server errors per minute, computed
// from this process's Prometheus registry — the very numbers /metrics exposes (the request
// counts of careslot_http_request_duration_seconds by route and status) — sampled when the
// page polls (htmx, every 5 s). Rates need two samples at least 5 s apart.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { Metrics } from '../../observability.js';
import { html } from './html.js';
import { page, viewOf, type View } from './layout.js';
import { CONSOLE, requireConsoleOperator } from './session.js';

/** Routes that answer availability (CoWIN centres and time slots, kids /browse, video /slots). */
const AVAILABILITY = /\/appointment\/(centers|timeslots)\/|\/browse$|\/slots$/;
/**
 * Routes that book (CoWIN schedule, partner /book): the three rates come from the one request
 * histogram. (careslot_bookings_total counts committed booking events by API; see observability.ts.)
 */
const BOOKING = /\/appointment\/scheduleAppointment$|\/book$/;

export interface Totals {
  at: number;
  bookings: number;
  reads: number;
  errors: number;
}

export async function totals(metrics: Metrics, at: number): Promise<Totals> {
  const out: Totals = { at, bookings: 0, reads: 0, errors: 0 };
  for (const m of await metrics.registry.getMetricsAsJSON()) {
    if (m.name !== 'careslot_http_request_duration_seconds') continue;
    for (const v of m.values as { value: number; labels: Record<string, string | number>; metricName?: string }[]) {
      if (!v.metricName?.endsWith('_count')) continue;
      const status = Number(v.labels.status_code);
      const route = String(v.labels.route);
      if (status >= 500) out.errors += v.value;
      if (status < 400 && AVAILABILITY.test(route)) out.reads += v.value;
      if (status < 300 && BOOKING.test(route)) out.bookings += v.value;
    }
  }
  return out;
}

/** Per-minute rates over the last minute or so of samples (one kept per 5 s, two minutes' worth). */
export class Rates {
  private samples: Totals[] = [];
  add(t: Totals): void {
    const last = this.samples.at(-1);
    if (!last || t.at - last.at >= 5000 || t.at < last.at) this.samples.push(t);
    this.samples = this.samples.filter((s) => t.at - s.at <= 120_000 && s.at <= t.at);
  }
  perMinute(now: Totals): Omit<Totals, 'at'> | undefined {
    const base = this.samples.find((s) => now.at - s.at <= 65_000 && now.at - s.at >= 5000);
    if (!base) return undefined;
    const f = 60_000 / (now.at - base.at);
    const r = (a: number, b: number) => Math.round((a - b) * f * 10) / 10;
    return {
      bookings: r(now.bookings, base.bookings),
      reads: r(now.reads, base.reads),
      errors: r(now.errors, base.errors),
    };
  }
}

function cards(v: View, now: Totals, rate: Omit<Totals, 'at'> | undefined) {
  const show = (n: number | undefined) => (n === undefined ? '…' : String(n));
  return html`<div id="numbers" hx-get="${CONSOLE}/dashboard/numbers" hx-trigger="every 5s" hx-swap="outerHTML">
    <div class="cards">
      <div class="card"><div class="number" data-metric="bookings">${show(rate?.bookings)}</div>${v.t('dashboard.bookingsPerMinute')}</div>
      <div class="card"><div class="number" data-metric="reads">${show(rate?.reads)}</div>${v.t('dashboard.readsPerMinute')}</div>
      <div class="card"><div class="number" data-metric="errors">${show(rate?.errors)}</div>${v.t('dashboard.errorsPerMinute')}</div>
    </div>
    <p class="muted">${v.t('dashboard.totals')}: bookings ${now.bookings}, availability reads ${now.reads}, server errors ${now.errors}.
    <a href="/metrics">/metrics</a></p>
  </div>`;
}

export const dashboardRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const rates = new Rates();
  const sample = async () => {
    const now = await totals(app.metrics, Date.now());
    rates.add(now);
    return { now, rate: rates.perMinute(now) };
  };
  const guard = requireConsoleOperator();
  app.get('/', { preValidation: guard, schema: { hide: true } }, async (req, reply) => {
    const v = viewOf(req);
    const { now, rate } = await sample();
    return reply.type('text/html; charset=utf-8').send(page(v, v.t('dashboard.title'), cards(v, now, rate)));
  });
  app.get(
    '/dashboard/numbers',
    { preValidation: guard, schema: { hide: true, querystring: Type.Object({}, { examples: [{}] }) } },
    async (req, reply) => {
      const { now, rate } = await sample();
      return reply.type('text/html; charset=utf-8').send(cards(viewOf(req), now, rate).text);
    },
  );
};
