// The booking lifecycle: held → confirmed → completed | cancelled | expired.
// Every operation runs in one transaction; seats move only through ./seats.ts.
import { chainsWrites, forUpdate, isUniqueViolation, iso } from '../../store/dialect.js';
import type { Conn, Store, Tx } from '../../store/index.js';
import { dialectOf } from '../../store/prepared.js';
import type { Booking, BookingStatus } from '../../store/schema.js';
import { DomainError } from '../shared/errors.js';
import {
  findByReference,
  insertBookingRows,
  newBookingIn,
  seatsOf,
  slotFull,
  requestHash,
  slotToBook,
  takeSeatsAndInsert,
} from './booking-rows.js';
import { emitEvent } from './events.js';
import { releaseExpiredHolds, releaseSeats, sweepAndTake, takeSeats } from './seats.js';

export { requestHash } from './booking-rows.js';

export const LIVE: BookingStatus[] = ['held', 'confirmed'];

export interface BookInput {
  slotId: number;
  seats?: number;
  personIds?: number[];
  /** `held` waits for payment until `holdMinutes` have passed; `confirmed` is final at once. */
  status: 'held' | 'confirmed';
  holdMinutes?: number;
  channel: string;
  ownerId?: string | null;
  /** The caller's own reference: the same reference and request returns the same booking. */
  partnerReference?: string | null;
  /** Anything that identifies the request's content, hashed to detect a reused reference. */
  request?: unknown;
  amountMinor?: number | null;
  currency?: string | null;
  details?: Record<string, unknown>;
  code?: string;
  /** Earliest allowed slot start (defaults to now). */
  notBefore?: Date;
  now?: Date;
  /**
   * The slot's row as the caller already read it (saves reading it again; a slot's start never
   * changes). Its capacity only refuses at once a request for more seats than the slot has, so
   * give it only from a read in this same transaction (it may change meanwhile otherwise); the
   * seats are taken by the database's conditional update either way.
   */
  slot?: { id: number; start_at: string; capacity?: number };
  /**
   * The caller's own conditional update found the slot full in this transaction (PostgreSQL,
   * a statement that books in one, ./booking-rows.ts): sweep expired holds before trying again.
   */
  seatsTried?: boolean;
}

export interface BookResult {
  booking: Booking;
  reused: boolean;
}

function reuse(existing: Booking, hash: string | null): BookResult {
  if (existing.request_hash !== hash) {
    throw new DomainError(
      'idempotency_mismatch',
      'partner_reference was already used for a different booking request; send a new partner_reference for a new booking',
      { field: 'partner_reference' },
    );
  }
  return { booking: existing, reused: true };
}

/** Book inside an open transaction (for dialects that check more rules in the same one). */
export async function bookIn(trx: Tx, input: BookInput): Promise<Booking> {
  const now = input.now ?? new Date();
  const seats = seatsOf(input);
  const slot = input.slot ?? (await slotToBook(trx, { id: input.slotId })).rows[0];
  if (!slot) throw new DomainError('not_found', `slot ${input.slotId} does not exist`, { field: 'slot_id' });
  const row = newBookingIn(input, slot, seats, now);
  // PostgreSQL takes the seats and writes the booking in one statement; where that found the
  // slot full, or on SQLite, the seats are taken first (sweeping expired holds if it looks full).
  const oneStatement = chainsWrites(dialectOf(trx));
  let booking = oneStatement && !input.seatsTried ? await takeSeatsAndInsert(trx, row, input.personIds) : undefined;
  if (!booking) {
    const tried = input.seatsTried || oneStatement;
    if (!(await (tried ? sweepAndTake : takeSeats)(trx, slot.id, seats, now))) throw slotFull(seats);
    booking = await insertBookingRows(trx, row, input.personIds);
  }
  return announceBooking(trx, booking, now);
}

/** A booking just written in `trx`: its event (booking.held or booking.confirmed, created). */
export async function announceBooking(trx: Tx, booking: Booking, now: Date): Promise<Booking> {
  await emitEvent(trx, booking.status === 'held' ? 'booking.held' : 'booking.confirmed', booking, now, {
    created: true,
  });
  return booking;
}

/** Book seats of a slot. Idempotent on (channel, owner, partnerReference). */
export async function book(store: Store, input: BookInput): Promise<BookResult> {
  const { booking, reused } = await bookWith(store, input);
  return { booking, reused };
}

/**
 * {@link book}, with `attach` doing what belongs with the booking (its payment, its
 * consultation room) inside the booking's own transaction: if `attach` throws, no booking is
 * written and no seat is taken. A retry that finds its booking (its booking attempt refused,
 * or lost a race to a concurrent retry) runs `attach` on that booking in a transaction of its
 * own; `created` tells `attach` which of the two it is (true: the booking was written in `trx`).
 */
export async function bookWith<T = undefined>(
  store: Store,
  input: BookInput,
  attach?: (trx: Tx, booking: Booking, created: boolean) => Promise<T>,
): Promise<BookResult & { attached: T }> {
  const ref = input.partnerReference ?? null;
  const owner = input.ownerId ?? null;
  const hash = ref ? requestHash(input.request) : null;
  const attachTo = (trx: Tx, booking: Booking, created: boolean) =>
    attach ? attach(trx, booking, created) : Promise.resolve(undefined as T);
  const retried = async (existing: Booking) => {
    const { booking } = reuse(existing, hash);
    return {
      booking,
      reused: true,
      attached: attach ? await store.tx((trx) => attachTo(trx, booking, false)) : (undefined as T),
    };
  };
  // The reference is looked up only when booking fails: a retry's insert meets the unique
  // index on (channel, owner, reference) and rolls back (with any seat it took), or an
  // earlier check refuses it (its slot is now full or has started). Looking it up first cost
  // every new booking one more statement.
  try {
    return await store.tx(async (trx) => {
      const booking = await bookIn(trx, input);
      return { booking, reused: false, attached: await attachTo(trx, booking, true) };
    });
  } catch (err) {
    if (ref && (isUniqueViolation(err) || err instanceof DomainError)) {
      // A retry, or a concurrent retry with the same reference that won the race (and maybe
      // the last seat): answer with its booking.
      const existing = await findByReference(store.db, input.channel, owner, ref);
      if (existing) return retried(existing);
    }
    throw err;
  }
}

/** The booking, locked for the rest of the transaction (FOR UPDATE on PostgreSQL). */
export async function lockBooking(trx: Tx, store: Store, id: number): Promise<Booking> {
  const b = await forUpdate(
    trx.selectFrom('bookings').selectAll().where('id', '=', id),
    store.dialect,
  ).executeTakeFirst();
  if (!b) throw new DomainError('not_found', `booking ${id} does not exist`);
  return b;
}

export type ConfirmOutcome = 'confirmed' | 'already_confirmed' | 'late_confirmed' | 'refused';
export interface ConfirmResult {
  booking: Booking;
  outcome: ConfirmOutcome;
  reason?: string;
}

/**
 * Confirm a held booking (its payment arrived). A payment that arrives after the hold
 * expired confirms the booking only if its seats can still be taken; it never takes seats
 * that were sold to someone else (outcome `refused`: the caller records a refund).
 */
export async function confirm(store: Store, bookingId: number, now: Date = new Date()): Promise<ConfirmResult> {
  return store.tx((trx) => confirmIn(trx, store, bookingId, now));
}

/** {@link confirm} inside an open transaction. */
export async function confirmIn(trx: Tx, store: Store, bookingId: number, now: Date): Promise<ConfirmResult> {
  {
    const b = await lockBooking(trx, store, bookingId);
    const at = iso(now);
    if (b.status === 'confirmed' || b.status === 'completed') return { booking: b, outcome: 'already_confirmed' };
    if (b.status === 'cancelled') return { booking: b, outcome: 'refused', reason: 'the booking was cancelled' };
    if (b.status === 'held' && b.hold_expires_at !== null && b.hold_expires_at > at) {
      const booking = await trx
        .updateTable('bookings')
        .set({ status: 'confirmed', confirmed_at: at, updated_at: at })
        .where('id', '=', b.id)
        .where('status', '=', 'held')
        .returningAll()
        .executeTakeFirstOrThrow();
      await emitEvent(trx, 'booking.confirmed', booking, now);
      return { booking, outcome: 'confirmed' };
    }
    // The hold ran out: make sure it is expired (seats returned), then try to take them again.
    if (b.status === 'held') await releaseExpiredHolds(trx, now, b.slot_id);
    const slot = await trx
      .selectFrom('slots')
      .select(['start_at'])
      .where('id', '=', b.slot_id)
      .executeTakeFirstOrThrow();
    if (slot.start_at <= at || !(await takeSeats(trx, b.slot_id, b.seats, now))) {
      const fresh = await trx.selectFrom('bookings').selectAll().where('id', '=', b.id).executeTakeFirstOrThrow();
      return { booking: fresh, outcome: 'refused', reason: 'the hold expired and its seats are no longer available' };
    }
    const booking = await trx
      .updateTable('bookings')
      .set({ status: 'confirmed', confirmed_at: at, updated_at: at })
      .where('id', '=', b.id)
      .where('status', '=', 'expired')
      .returningAll()
      .executeTakeFirstOrThrow();
    await emitEvent(trx, 'booking.confirmed', booking, now, { late: true });
    return { booking, outcome: 'late_confirmed' };
  }
}

/** Cancel a live booking and give its seats back; a paid payment of it becomes `refund_due`. */
export async function cancel(store: Store, bookingId: number, now: Date = new Date()): Promise<Booking> {
  return store.tx(async (trx) => {
    const b = await lockBooking(trx, store, bookingId);
    if (!LIVE.includes(b.status)) {
      throw new DomainError(
        b.status === 'cancelled' ? 'already_cancelled' : 'booking_state',
        `the booking is ${b.status} and cannot be cancelled`,
      );
    }
    if (b.status === 'held' && b.hold_expires_at !== null && b.hold_expires_at <= iso(now)) {
      await releaseExpiredHolds(trx, now, b.slot_id);
      throw new DomainError('booking_state', 'the booking is expired and cannot be cancelled');
    }
    const at = iso(now);
    const booking = await trx
      .updateTable('bookings')
      .set({ status: 'cancelled', cancelled_at: at, updated_at: at })
      .where('id', '=', b.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await releaseSeats(trx, b.slot_id, b.seats);
    await emitEvent(trx, 'booking.cancelled', booking, now, { cancelledBy: 'owner' });
    await oweBack(trx, b.id, at);
    return booking;
  });
}

/** Money received for a cancelled booking is owed back: call in the transaction that cancels it. */
export async function oweBack(trx: Tx, bookingId: number, at: string): Promise<void> {
  const owed = await trx
    .updateTable('payments')
    .set({ status: 'refund_due', updated_at: at })
    .where('booking_id', '=', bookingId)
    .where('status', '=', 'paid')
    .returningAll()
    .execute();
  // Rare (a paid booking cancelled): reading the booking again for its event is fine here.
  if (owed.length === 0) return;
  const booking = await trx.selectFrom('bookings').selectAll().where('id', '=', bookingId).executeTakeFirstOrThrow();
  for (const payment of owed) await emitEvent(trx, 'payment.refund_due', booking, new Date(at), { payment });
}

/** Mark a confirmed booking as completed (the visit took place). */
export async function complete(store: Store, bookingId: number, now: Date = new Date()): Promise<Booking> {
  return store.tx((trx) => completeIn(trx, store, bookingId, now));
}

/** {@link complete} inside a caller's transaction (a vaccination completes its appointment). */
export async function completeIn(trx: Tx, store: Store, bookingId: number, now: Date = new Date()): Promise<Booking> {
  const b = await lockBooking(trx, store, bookingId);
  if (b.status !== 'confirmed')
    throw new DomainError('booking_state', `the booking is ${b.status}; only a confirmed booking can be completed`);
  const at = iso(now);
  const booking = await trx
    .updateTable('bookings')
    .set({ status: 'completed', updated_at: at })
    .where('id', '=', b.id)
    .returningAll()
    .executeTakeFirstOrThrow();
  await emitEvent(trx, 'booking.completed', booking, now);
  return booking;
}

/** Sweep every expired hold (safe to run from several processes at once). */
export async function expireHolds(store: Store, now: Date = new Date()): Promise<number> {
  return store.tx((trx) => releaseExpiredHolds(trx, now));
}

/** The booking's status as a reader should see it: a held booking past its expiry is expired. */
export function effectiveStatus(b: Pick<Booking, 'status' | 'hold_expires_at'>, now: Date = new Date()): BookingStatus {
  return b.status === 'held' && b.hold_expires_at !== null && b.hold_expires_at <= iso(now) ? 'expired' : b.status;
}

export async function getBooking(db: Conn, where: { id?: number; code?: string }): Promise<Booking | undefined> {
  let q = db.selectFrom('bookings').selectAll();
  if (where.id !== undefined) q = q.where('id', '=', where.id);
  if (where.code !== undefined) q = q.where('code', '=', where.code);
  return q.executeTakeFirst();
}
