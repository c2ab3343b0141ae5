// What operators watch over the booking lifecycle (the operator console): payments owed back
// (`refund_due`) and holds about to run out. Read-only.
import { iso, fixedLimit } from '../../store/dialect.js';
import type { Conn } from '../../store/index.js';

export interface RefundDue {
  payment: string;
  booking: string;
  channel: string;
  amount_minor: number;
  currency: string;
  provider: string;
  since: string;
}

const MAX_ROWS = 200;

/** Payments marked `refund_due` (money received for a booking that did not happen), oldest first. */
export async function refundsDue(db: Conn): Promise<RefundDue[]> {
  return db
    .selectFrom('payments as y')
    .innerJoin('bookings as k', 'k.id', 'y.booking_id')
    .select([
      'y.code as payment',
      'k.code as booking',
      'k.channel',
      'y.amount_minor',
      'y.currency',
      'y.provider',
      'y.updated_at as since',
    ])
    .where('y.status', '=', 'refund_due')
    .orderBy('y.updated_at')
    .orderBy('y.id')
    .limit(fixedLimit(MAX_ROWS))
    .execute();
}

export interface ExpiringHold {
  booking: string;
  channel: string;
  seats: number;
  expires_at: string;
  slot_start: string;
  place: string;
}

/** Held bookings whose hold runs out within `minutes` of `now` (and has not yet), soonest first. */
export async function holdsExpiring(db: Conn, now: Date, minutes: number): Promise<ExpiringHold[]> {
  return db
    .selectFrom('bookings as k')
    .innerJoin('slots as s', 's.id', 'k.slot_id')
    .innerJoin('places as p', 'p.id', 's.place_id')
    .select([
      'k.code as booking',
      'k.channel',
      'k.seats',
      'k.hold_expires_at as expires_at',
      's.start_at as slot_start',
      'p.name as place',
    ])
    .where('k.status', '=', 'held')
    .where('k.hold_expires_at', '>', iso(now))
    .where('k.hold_expires_at', '<=', iso(new Date(now.getTime() + minutes * 60_000)))
    .orderBy('k.hold_expires_at')
    .orderBy('k.id')
    .limit(fixedLimit(MAX_ROWS))
    .$narrowType<{ expires_at: string }>()
    .execute();
}
