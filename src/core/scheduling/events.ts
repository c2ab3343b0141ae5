// Booking and payment events, written to the outbox (`outbox_events`) in the SAME transaction
// as the state change they describe: an event exists exactly when its change committed, in
// whichever process made it. The dispatcher (core/webhooks) delivers them afterwards.
//
// Cost on the booking path: at most one INSERT per state change (a sweep that expires many
// holds writes them in one INSERT), and none when nothing consumes the event:
//   - an operator's cancellation is always written (the people booked are told by SMS);
//   - any other event is written only when the booking's owner (a partner code) has webhook
//     endpoints. Which owners have endpoints is kept in memory: an owner whose endpoint was
//     added through this process counts at once; the list is read again from the database at
//     most every OWNER_REFRESH_MS, so an endpoint added by ANOTHER process (the CLI, a second
//     server) receives the events of changes made here from at most OWNER_REFRESH_MS after it
//     was added. A process that has not read the list yet writes every event.
// Listeners (metrics) hear every event after its transaction commits, written or not.
import { afterCommit, type Conn } from '../../store/index.js';
import { iso } from '../../store/dialect.js';
import type { Booking, Payment } from '../../store/schema.js';
import { timeOrderedId } from '../shared/ids.js';

export const BOOKING_EVENTS = [
  'booking.held',
  'booking.confirmed',
  'booking.expired',
  'booking.cancelled',
  'booking.rescheduled',
  'booking.completed',
] as const;
export const PAYMENT_EVENTS = ['payment.succeeded', 'payment.failed', 'payment.refund_due'] as const;
export const EVENT_TYPES = [...BOOKING_EVENTS, ...PAYMENT_EVENTS] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/** The booking columns an event carries (what a state change already has in hand). */
export type EventBooking = Pick<
  Booking,
  'id' | 'code' | 'channel' | 'owner_id' | 'partner_reference' | 'status' | 'slot_id' | 'seats'
> &
  Partial<Pick<Booking, 'hold_expires_at' | 'amount_minor' | 'currency'>>;

export interface EventExtra {
  /** booking.cancelled: who cancelled (`owner`: the partner or person through the API; `operator`: a cancelled session) and why. */
  cancelledBy?: 'owner' | 'operator';
  reason?: string;
  /** booking.confirmed: true when the booking was created confirmed. */
  created?: boolean;
  /** booking.confirmed after the hold had expired (its seats were still free). */
  late?: boolean;
  /** booking.rescheduled: the slot it left. */
  previousSlotId?: number;
  payment?: Pick<Payment, 'code' | 'status' | 'amount_minor' | 'currency' | 'provider'>;
}

/** What listeners (metrics) hear once the change has committed. */
export interface CommittedEvent {
  type: EventType;
  channel: string;
  created: boolean;
}

export const OWNER_REFRESH_MS = 5000;

const listeners = new Set<(e: CommittedEvent) => void>();
/** Hear every event after its transaction commits (never for a rollback). Returns the unsubscribe. */
export function onCommittedEvent(fn: (e: CommittedEvent) => void): () => void {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

let owners: Set<string> | null = null;
let ownersReadAt = 0;
const addedHere = new Set<string>();

/** An endpoint of `ownerCode` was added or enabled through this process: its events count at once. */
export function noteEventConsumer(ownerCode: string): void {
  addedHere.add(ownerCode);
}

/** Partner ids (`ptn_…`, core/partners) are the only owners webhook endpoints belong to. */
const PARTNER_OWNER = 'ptn_';

/** Whether an event of a booking owned by `owner` is written to the outbox (not an operator's cancellation: that one always is). */
export async function ownerConsumes(trx: Conn, owner: string | null): Promise<boolean> {
  // CoWIN bookings are owned by a mobile number: no endpoint, no lookup, no INSERT.
  if (owner === null || !owner.startsWith(PARTNER_OWNER)) return false;
  if (addedHere.has(owner)) return true;
  if (owners === null || performance.now() - ownersReadAt > OWNER_REFRESH_MS) {
    const rows = await trx
      .selectFrom('webhook_endpoints')
      .innerJoin('partners', 'partners.id', 'webhook_endpoints.partner_id')
      .select('partners.code')
      .distinct()
      .where('webhook_endpoints.disabled', '=', 0)
      .execute();
    owners = new Set(rows.map((r) => r.code));
    ownersReadAt = performance.now();
  }
  return owners.has(owner);
}

function bookingData(b: EventBooking, extra: EventExtra) {
  return {
    booking: {
      booking_id: b.code,
      api: b.channel,
      status: b.status,
      partner_reference: b.partner_reference,
      slot_id: b.slot_id,
      seats: b.seats,
      ...(b.hold_expires_at !== undefined ? { hold_expires_at: b.hold_expires_at } : {}),
      ...(b.amount_minor !== undefined ? { amount_minor: b.amount_minor, currency: b.currency } : {}),
    },
    ...(extra.cancelledBy ? { cancelled_by: extra.cancelledBy } : {}),
    ...(extra.reason ? { reason: extra.reason } : {}),
    ...(extra.previousSlotId !== undefined ? { previous_slot_id: extra.previousSlotId } : {}),
    ...(extra.late ? { late: true } : {}),
    ...(extra.payment
      ? {
          payment: {
            payment_id: extra.payment.code,
            status: extra.payment.status,
            amount_minor: extra.payment.amount_minor,
            currency: extra.payment.currency,
            provider: extra.payment.provider,
          },
        }
      : {}),
  };
}

/**
 * Record that `bookings` changed (`type`) inside `trx`: one INSERT for all of them, or none
 * when nothing consumes them. Call it right after the change, in the change's transaction.
 */
export async function emitEvents(
  trx: Conn,
  type: EventType,
  bookings: EventBooking[],
  now: Date,
  extra: EventExtra = {},
): Promise<void> {
  if (bookings.length === 0) return;
  const at = iso(now);
  const rows = [];
  for (const b of bookings) {
    if (extra.cancelledBy !== 'operator' && !(await ownerConsumes(trx, b.owner_id))) continue;
    rows.push({
      code: timeOrderedId('msg', 16),
      type,
      channel: b.channel,
      owner_id: b.owner_id,
      booking_id: b.id,
      payload: JSON.stringify({ type, timestamp: at, data: bookingData(b, extra) }),
      created_at: at,
      fanned_out: 0,
    });
  }
  if (rows.length > 0) await trx.insertInto('outbox_events').values(rows).execute();
  if (listeners.size === 0) return;
  const heard = bookings.map((b) => ({ type, channel: b.channel, created: extra.created === true }));
  afterCommit(trx, () => {
    for (const e of heard) for (const fn of listeners) fn(e);
  });
}

/** {@link emitEvents} for one booking. */
export function emitEvent(trx: Conn, type: EventType, booking: EventBooking, now: Date, extra: EventExtra = {}) {
  return emitEvents(trx, type, [booking], now, extra);
}
