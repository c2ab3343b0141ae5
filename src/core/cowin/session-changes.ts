// Operators' changes to one vaccination session (the operator console): adjust its capacity,
// or cancel it with a reason. Cancelling cancels every live booking of the session in the same
// transaction and records the reason on each booking (`details.cancel_reason`), where lookups
// show it. Capacity never goes below the seats already booked: the conditional update refuses
// it and says to cancel the session instead. A session that has started cannot be changed.
import { sql } from 'kysely';
import { iso } from '../../store/dialect.js';
import type { Store, Tx } from '../../store/index.js';
import { oweBack } from '../scheduling/bookings.js';
import { catalogueChanged, seatsChanged } from '../scheduling/changes.js';
import { emitEvents, type EventBooking } from '../scheduling/events.js';
import { releaseExpiredHolds, releaseSeats } from '../scheduling/seats.js';
import { DomainError } from '../shared/errors.js';
import { manageableCentre, type CentreViewer } from './centre-admin.js';

export const MAX_CAPACITY = 100_000;
const MAX_REASON = 300;

async function sessionOf(trx: Tx, viewer: CentreViewer, centreCode: string, slotId: number, now: Date) {
  const place = await manageableCentre(trx, viewer, centreCode);
  const slot = await trx
    .selectFrom('slots')
    .selectAll()
    .where('id', '=', slotId)
    .where('place_id', '=', place.id)
    .executeTakeFirst();
  if (!slot) throw new DomainError('not_found', `centre ${centreCode} has no session ${slotId}`);
  if (slot.start_at <= iso(now))
    throw new DomainError('session_started', 'this session has already started; it can no longer be changed');
  return { place, slot };
}

/** Set a future session's capacity; refused below the seats its live bookings hold. */
export async function changeSessionCapacity(
  store: Store,
  viewer: CentreViewer,
  input: { centre: string; slotId: number; capacity: number; now: Date },
): Promise<{ capacity: number; booked: number }> {
  const { capacity, now } = input;
  if (!Number.isInteger(capacity) || capacity < 0 || capacity > MAX_CAPACITY)
    throw new DomainError('invalid', `capacity must be a whole number from 0 to ${MAX_CAPACITY}`, {
      field: 'capacity',
    });
  return store.tx(async (trx) => {
    const { place, slot } = await sessionOf(trx, viewer, input.centre, input.slotId, now);
    await releaseExpiredHolds(trx, now, slot.id);
    const row = await trx
      .updateTable('slots')
      .set({ capacity })
      .where('id', '=', slot.id)
      .where('booked', '<=', capacity)
      .returning(['capacity', 'booked'])
      .executeTakeFirst();
    if (!row) {
      const { booked } = await trx
        .selectFrom('slots')
        .select('booked')
        .where('id', '=', slot.id)
        .executeTakeFirstOrThrow();
      throw new DomainError(
        'conflict',
        `${booked} seats of this session are booked: capacity cannot go below ${booked}; cancel the session to cancel its bookings`,
        { field: 'capacity' },
      );
    }
    seatsChanged(trx, place.id);
    catalogueChanged(trx);
    return row;
  });
}

export interface CancelledSession {
  /** Confirmation numbers of the bookings cancelled with the session. */
  bookings: string[];
}

/** Cancel a future session: its live bookings are cancelled with `reason`, its capacity set to 0. */
export async function cancelSession(
  store: Store,
  viewer: CentreViewer,
  input: { centre: string; slotId: number; reason: string; now: Date },
): Promise<CancelledSession> {
  const reason = input.reason.trim();
  if (reason.length < 3 || reason.length > MAX_REASON)
    throw new DomainError('invalid', `give the reason the people booked will be told (3 to ${MAX_REASON} characters)`, {
      field: 'reason',
    });
  return store.tx(async (trx) => {
    const { place, slot } = await sessionOf(trx, viewer, input.centre, input.slotId, input.now);
    const at = iso(input.now);
    await releaseExpiredHolds(trx, input.now, slot.id);
    const live = await trx
      .selectFrom('bookings')
      .select(['id', 'code', 'seats', 'details', 'channel', 'owner_id', 'partner_reference', 'slot_id'])
      .where('slot_id', '=', slot.id)
      .where('status', 'in', ['held', 'confirmed'])
      .orderBy('id')
      .execute();
    const cancelled: string[] = [];
    const told: EventBooking[] = [];
    for (const b of live) {
      const details = { ...(JSON.parse(b.details || '{}') as object), cancel_reason: reason, cancelled_by: 'operator' };
      const done = await trx
        .updateTable('bookings')
        .set({ status: 'cancelled', cancelled_at: at, updated_at: at, details: JSON.stringify(details) })
        .where('id', '=', b.id)
        .where('status', 'in', ['held', 'confirmed'])
        .executeTakeFirst();
      if (Number(done.numUpdatedRows) !== 1) continue;
      await releaseSeats(trx, slot.id, b.seats);
      await oweBack(trx, b.id, at);
      cancelled.push(b.code);
      told.push({ ...b, status: 'cancelled' });
    }
    // One event per booking (one INSERT): partners get booking.cancelled, CoWIN beneficiaries an SMS.
    await emitEvents(trx, 'booking.cancelled', told, input.now, { cancelledBy: 'operator', reason });
    await trx.updateTable('slots').set({ capacity: sql`booked` }).where('id', '=', slot.id).execute();
    seatsChanged(trx, place.id);
    catalogueChanged(trx);
    return { bookings: cancelled };
  });
}
