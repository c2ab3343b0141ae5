// What operators and partners see of deliveries: each delivery of an endpoint with its
// attempts, and redelivery on request.
import { iso, fixedLimit } from '../../store/dialect.js';
import type { Conn, Store } from '../../store/index.js';
import { DomainError } from '../shared/errors.js';
import { endpointOf } from './endpoints.js';

export interface AttemptView {
  attempt: number;
  at: string;
  outcome: 'delivered' | 'failed';
  status_code: number | null;
  error: string | null;
  duration_ms: number;
}

export interface DeliveryView {
  id: string;
  event_id: string;
  event_type: string;
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  next_attempt_at: string | null;
  last_status_code: number | null;
  last_error: string | null;
  created_at: string;
  history: AttemptView[];
}

export const DELIVERY_PAGE = 50;

/** The endpoint's latest deliveries, newest first, each with its attempts. */
export async function deliveriesOf(db: Conn, partnerCode: string, endpointCode: string): Promise<DeliveryView[]> {
  const endpoint = await endpointOf(db, partnerCode, endpointCode);
  const rows = await db
    .selectFrom('event_deliveries as d')
    .innerJoin('outbox_events as e', 'e.id', 'd.event_id')
    .select([
      'd.id',
      'd.code',
      'd.status',
      'd.attempts',
      'd.next_attempt_at',
      'd.last_status_code',
      'd.last_error',
      'd.created_at',
      'e.code as event_code',
      'e.type',
    ])
    .where('d.endpoint_id', '=', endpoint.id)
    .orderBy('d.id', 'desc')
    .limit(fixedLimit(DELIVERY_PAGE))
    .execute();
  const attempts =
    rows.length === 0
      ? []
      : await db
          .selectFrom('event_attempts')
          .selectAll()
          .where(
            'delivery_id',
            'in',
            rows.map((r) => r.id),
          )
          .orderBy('attempt')
          .execute();
  return rows.map((r) => ({
    id: r.code,
    event_id: r.event_code,
    event_type: r.type,
    status: r.status,
    attempts: r.attempts,
    next_attempt_at: r.status === 'pending' ? r.next_attempt_at : null,
    last_status_code: r.last_status_code,
    last_error: r.last_error,
    created_at: r.created_at,
    history: attempts
      .filter((a) => a.delivery_id === r.id)
      .map((a) => ({
        attempt: a.attempt,
        at: a.at,
        outcome: a.outcome,
        status_code: a.status_code,
        error: a.error,
        duration_ms: a.duration_ms,
      })),
  }));
}

/**
 * Deliver again on request: the delivery becomes due now (same event id and body, signed
 * afresh). If that attempt fails, retries go on from where the schedule stood: a delivery
 * that had used all its attempts is failed again after this one.
 */
export async function redeliver(store: Store, partnerCode: string, deliveryCode: string, now: Date = new Date()) {
  return store.tx(async (trx) => {
    const row = await trx
      .selectFrom('event_deliveries as d')
      .innerJoin('webhook_endpoints as w', 'w.id', 'd.endpoint_id')
      .innerJoin('partners as p', 'p.id', 'w.partner_id')
      .select(['d.id', 'd.code', 'w.code as endpoint', 'w.disabled'])
      .where('d.code', '=', deliveryCode)
      .where('p.code', '=', partnerCode)
      .executeTakeFirst();
    if (!row) throw new DomainError('not_found', `partner ${partnerCode} has no delivery ${deliveryCode}`);
    if (row.disabled)
      throw new DomainError('conflict', `endpoint ${row.endpoint} is disabled; enable it before redelivering`);
    const at = iso(now);
    await trx
      .updateTable('event_deliveries')
      .set({ status: 'pending', next_attempt_at: at, lease_until: null, lease_token: null, updated_at: at })
      .where('id', '=', row.id)
      .execute();
    return { id: row.code, status: 'pending' as const, next_attempt_at: at };
  });
}
