// Deliveries of outbox events. The dispatcher fans each new event out into one delivery per
// subscribed, enabled endpoint of the booking's owner (and one per person to tell by SMS for
// an operator's cancellation of a CoWIN session), then claims due deliveries with a lease,
// attempts them outside any transaction, and records each attempt.
//
// Several dispatchers (processes) may run at once: claiming is one guarded UPDATE of rows
// picked with FOR UPDATE SKIP LOCKED on PostgreSQL (inside BEGIN IMMEDIATE on SQLite, which
// serialises writers), so a due delivery is claimed by one dispatcher; recording needs the
// claim's lease token, and (delivery, attempt number) is unique, so an attempt is recorded once.
// A dispatcher that dies mid-attempt loses its lease after LEASE_MS and the delivery is tried
// again (at-least-once: receivers dedupe on `webhook-id`).
import { sql } from 'kysely';
import { iso, fixedLimit } from '../../store/dialect.js';
import type { Store, Tx } from '../../store/index.js';
import type { EventDelivery, OutboxEvent, WebhookEndpoint } from '../../store/schema.js';
import { opaqueId } from '../shared/ids.js';
import { subscribes } from './endpoints.js';

/** Seconds to wait after failed attempt n (1-based); after the last, the delivery is failed. */
export const RETRY_SCHEDULE_S = [5, 5 * 60, 30 * 60, 2 * 3600, 5 * 3600, 10 * 3600, 10 * 3600];
/** Attempts in all: the first, then one after each wait above (about 27.6 h, at least 24.8 h with jitter). */
export const MAX_ATTEMPTS = RETRY_SCHEDULE_S.length + 1;
/** ±10 % so that a receiver coming back up is not hit by every retry at once. */
export const JITTER = 0.1;
export const LEASE_MS = 60_000;

/** When to try again after failed attempt `attempt`, or null when it was the last. */
export function nextAttemptAt(attempt: number, now: Date, random: () => number = Math.random): Date | null {
  if (attempt >= MAX_ATTEMPTS) return null;
  const base = RETRY_SCHEDULE_S[Math.max(0, attempt - 1)] * 1000;
  return new Date(now.getTime() + Math.round(base * (1 + JITTER * (2 * random() - 1))));
}

function lockSkipped<Q extends { forUpdate(): Q; skipLocked(): Q }>(q: Q, store: Store): Q {
  return store.dialect === 'postgres' ? q.forUpdate().skipLocked() : q;
}

async function personsOf(trx: Tx, bookingId: number): Promise<number[]> {
  const rows = await trx.selectFrom('booking_people').select('person_id').where('booking_id', '=', bookingId).execute();
  return rows.map((r) => r.person_id);
}

/** Turn up to `limit` new events into deliveries. Returns how many events were fanned out. */
export async function fanOut(store: Store, now: Date, limit = 200): Promise<number> {
  return store.tx(async (trx) => {
    const events = await lockSkipped(
      trx.selectFrom('outbox_events').selectAll().where('fanned_out', '=', 0).orderBy('id').limit(fixedLimit(limit)),
      store,
    ).execute();
    if (events.length === 0) return 0;
    const at = iso(now);
    const owners = [...new Set(events.map((e) => e.owner_id).filter((o): o is string => o !== null))];
    const endpoints =
      owners.length === 0
        ? []
        : await trx
            .selectFrom('webhook_endpoints')
            .innerJoin('partners', 'partners.id', 'webhook_endpoints.partner_id')
            .select(['webhook_endpoints.id', 'webhook_endpoints.events', 'partners.code as owner'])
            .where('partners.code', 'in', owners)
            .where('webhook_endpoints.disabled', '=', 0)
            .execute();
    const rows = [];
    const base = { status: 'pending' as const, attempts: 0, next_attempt_at: at, lease_until: null, lease_token: null };
    const common = { ...base, last_status_code: null, last_error: null, created_at: at, updated_at: at };
    for (const e of events) {
      for (const ep of endpoints) {
        if (ep.owner === e.owner_id && subscribes(ep.events, e.type))
          rows.push({
            ...common,
            code: opaqueId('dlv'),
            event_id: e.id,
            target: 'webhook' as const,
            endpoint_id: ep.id,
            person_id: null,
          });
      }
      if (e.channel === 'cowin' && e.type === 'booking.cancelled' && e.booking_id !== null && toldBySms(e)) {
        for (const person of await personsOf(trx, e.booking_id))
          rows.push({
            ...common,
            code: opaqueId('dlv'),
            event_id: e.id,
            target: 'sms' as const,
            endpoint_id: null,
            person_id: person,
          });
      }
    }
    if (rows.length > 0) await trx.insertInto('event_deliveries').values(rows).execute();
    await trx
      .updateTable('outbox_events')
      .set({ fanned_out: 1 })
      .where(
        'id',
        'in',
        events.map((e) => e.id),
      )
      .execute();
    return events.length;
  });
}

function toldBySms(e: OutboxEvent): boolean {
  return (JSON.parse(e.payload) as { data?: { cancelled_by?: string } }).data?.cancelled_by === 'operator';
}

export interface Claimed {
  delivery: EventDelivery;
  event: OutboxEvent;
  endpoint: WebhookEndpoint | null;
}

/** Claim up to `limit` due deliveries for LEASE_MS; each is claimed by one dispatcher only. */
export async function claimDue(store: Store, now: Date, limit = 20, leaseMs = LEASE_MS): Promise<Claimed[]> {
  const at = iso(now);
  const token = opaqueId('lease');
  const claimed = await store.tx(async (trx) => {
    const due = await lockSkipped(
      trx
        .selectFrom('event_deliveries')
        .select('id')
        .where('status', '=', 'pending')
        .where('next_attempt_at', '<=', at)
        .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<=', at)]))
        .orderBy('next_attempt_at')
        .limit(fixedLimit(limit)),
      store,
    ).execute();
    if (due.length === 0) return [];
    return trx
      .updateTable('event_deliveries')
      .set({ lease_until: iso(new Date(now.getTime() + leaseMs)), lease_token: token })
      .where(
        'id',
        'in',
        due.map((d) => d.id),
      )
      .where('status', '=', 'pending')
      .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<=', at)]))
      .returningAll()
      .execute();
  });
  if (claimed.length === 0) return [];
  const events = await store.db
    .selectFrom('outbox_events')
    .selectAll()
    .where(
      'id',
      'in',
      claimed.map((d) => d.event_id),
    )
    .execute();
  const endpointIds = claimed.map((d) => d.endpoint_id).filter((id): id is number => id !== null);
  const endpoints =
    endpointIds.length === 0
      ? []
      : await store.db.selectFrom('webhook_endpoints').selectAll().where('id', 'in', endpointIds).execute();
  return claimed.map((delivery) => ({
    delivery,
    event: events.find((e) => e.id === delivery.event_id)!,
    endpoint: endpoints.find((e) => e.id === delivery.endpoint_id) ?? null,
  }));
}

export interface AttemptResult {
  ok: boolean;
  /** No retry can help (the endpoint is disabled or gone): the delivery fails now. */
  final?: boolean;
  statusCode: number | null;
  error: string | null;
  durationMs: number;
}

/**
 * Record an attempt of a claimed delivery (only while the claim's lease token is still its
 * own). Returns the delivery's new status, or null when the claim was lost meanwhile.
 */
export async function recordAttempt(
  store: Store,
  claimed: EventDelivery,
  result: AttemptResult,
  now: Date,
  random: () => number = Math.random,
): Promise<EventDelivery['status'] | null> {
  const attempt = claimed.attempts + 1;
  const retryAt = result.ok || result.final ? null : nextAttemptAt(attempt, now, random);
  const status = result.ok ? 'delivered' : retryAt ? 'pending' : 'failed';
  const at = iso(now);
  return store.tx(async (trx) => {
    const row = await trx
      .updateTable('event_deliveries')
      .set({
        status,
        attempts: attempt,
        next_attempt_at: retryAt ? iso(retryAt) : at,
        lease_until: null,
        lease_token: null,
        last_status_code: result.statusCode,
        last_error: result.error,
        updated_at: at,
      })
      .where('id', '=', claimed.id)
      .where('lease_token', '=', claimed.lease_token)
      .where('attempts', '=', claimed.attempts)
      .returning('id')
      .executeTakeFirst();
    if (!row) return null;
    await trx
      .insertInto('event_attempts')
      .values({
        delivery_id: claimed.id,
        attempt,
        at,
        outcome: result.ok ? 'delivered' : 'failed',
        status_code: result.statusCode,
        error: result.error,
        duration_ms: result.durationMs,
      })
      .execute();
    return status;
  });
}

/** Deliveries due for a disabled endpoint fail at their turn, without a request and without retries. */
export const DISABLED_ERROR = 'the endpoint is disabled';

/** Count of deliveries by status (for the console and tests). */
export async function deliveryCounts(store: Store): Promise<Record<string, number>> {
  const rows = await store.db
    .selectFrom('event_deliveries')
    .select(['status', sql<number>`count(*)`.as('n')])
    .groupBy('status')
    .execute();
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
}
