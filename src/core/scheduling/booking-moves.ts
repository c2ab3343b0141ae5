// Rescheduling a booking: the seats move from its slot to another in one transaction, or not
// at all (./bookings.ts has the rest of the lifecycle).
import { iso } from '../../store/dialect.js';
import type { Store, Tx } from '../../store/index.js';
import type { Booking } from '../../store/schema.js';
import { DomainError } from '../shared/errors.js';
import { LIVE, lockBooking } from './bookings.js';
import { emitEvent } from './events.js';
import { releaseSeats, takeSeats } from './seats.js';

export interface MoveOptions {
  now?: Date;
  notBefore?: Date;
  /** Extra checks inside the transaction. */
  check?: (trx: Tx, booking: Booking) => Promise<void>;
}

/**
 * Reschedule: take the seats on the new slot and release the old ones in one transaction.
 * If the new slot cannot take them, nothing changes and the booking keeps its old slot.
 */
export async function move(
  store: Store,
  bookingId: number,
  newSlotId: number,
  opts: MoveOptions = {},
): Promise<Booking> {
  const now = opts.now ?? new Date();
  return store.tx(async (trx) => {
    const b = await lockBooking(trx, store, bookingId);
    const at = iso(now);
    if (!LIVE.includes(b.status) || (b.status === 'held' && b.hold_expires_at !== null && b.hold_expires_at <= at)) {
      throw new DomainError(
        b.status === 'cancelled' ? 'already_cancelled' : 'booking_state',
        `the booking is ${b.status === 'held' ? 'expired' : b.status} and cannot be moved`,
      );
    }
    await opts.check?.(trx, b);
    if (newSlotId === b.slot_id) return b;
    const slot = await trx
      .selectFrom('slots')
      .select(['id', 'start_at'])
      .where('id', '=', newSlotId)
      .executeTakeFirst();
    if (!slot) throw new DomainError('not_found', `slot ${newSlotId} does not exist`, { field: 'slot_id' });
    if (slot.start_at <= iso(opts.notBefore ?? now)) {
      throw new DomainError('slot_closed', 'the new slot has already started or starts too soon; choose a later slot', {
        field: 'slot_id',
      });
    }
    // Touch the two slot rows in id order so that opposite moves cannot deadlock.
    const releaseFirst = b.slot_id < newSlotId;
    if (releaseFirst) await releaseSeats(trx, b.slot_id, b.seats);
    if (!(await takeSeats(trx, newSlotId, b.seats, now))) {
      throw new DomainError(
        'slot_full',
        `the new slot does not have ${b.seats} free seat${b.seats > 1 ? 's' : ''}; the booking keeps its current slot`,
        { field: 'slot_id' },
      );
    }
    if (!releaseFirst) await releaseSeats(trx, b.slot_id, b.seats);
    const moved = await trx
      .updateTable('bookings')
      .set({ slot_id: newSlotId, updated_at: at })
      .where('id', '=', b.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await emitEvent(trx, 'booking.rescheduled', moved, now, { previousSlotId: b.slot_id });
    return moved;
  });
}
