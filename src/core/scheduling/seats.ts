// Seat accounting on a slot. Capacity is enforced by the database: one conditional update
// whose row count says whether the seats were taken. Never read-then-write in JavaScript.
import { type QueryCreator, sql } from 'kysely';
import { type DialectName, iso } from '../../store/dialect.js';
import type { Conn } from '../../store/index.js';
import { prepared } from '../../store/prepared.js';
import type { Database } from '../../store/schema.js';
import { seatsChanged, seatsNoticeColumn } from './changes.js';
import { emitEvents } from './events.js';

/**
 * Free seats of the `slots` row in scope: capacity minus booked, plus the seats of holds
 * that have expired but not yet been swept. Availability answers never count an expired hold.
 */
export function freeSeatsSql(now: string) {
  return sql<number>`(slots.capacity - slots.booked + coalesce((select sum(hb.seats) from bookings hb where hb.slot_id = slots.id and hb.status = 'held' and hb.hold_expires_at <= ${now}), 0))`;
}

/**
 * The conditional update that takes seats, returning the slot's place. On PostgreSQL it also
 * sends the place's change notice (seatsNoticeColumn): one statement fewer before COMMIT. Also
 * the first step of the statement that books in one on PostgreSQL (./booking-rows.ts).
 */
export function takeSeatsQuery(db: QueryCreator<Database>, p: { slotId: number; seats: number }, dialect: DialectName) {
  const q = db
    .updateTable('slots')
    .set({ booked: sql`booked + ${p.seats}` })
    .where('id', '=', p.slotId)
    .where(sql<boolean>`booked + ${p.seats} <= capacity`)
    .returning('place_id');
  const notice = seatsNoticeColumn(dialect);
  return notice ? q.returning(notice) : q;
}

// Compiled once (store/prepared.ts): the same SQL, only not rebuilt per call.
const take = prepared(takeSeatsQuery);

async function tryTake(trx: Conn, slotId: number, seats: number): Promise<boolean> {
  const [row] = (await take(trx, { slotId, seats })).rows;
  if (row) seatsChanged(trx, row.place_id, 'notice_sent' in row);
  return row !== undefined;
}

/**
 * Take `seats` on a slot inside the caller's transaction. If the slot looks full, expired
 * holds on it are swept first and the update is tried once more.
 */
export async function takeSeats(trx: Conn, slotId: number, seats: number, now: Date): Promise<boolean> {
  return (await tryTake(trx, slotId, seats)) || sweepAndTake(trx, slotId, seats, now);
}

/** The second half of {@link takeSeats}, for a caller whose own conditional update found the slot full. */
export async function sweepAndTake(trx: Conn, slotId: number, seats: number, now: Date): Promise<boolean> {
  const released = await releaseExpiredHolds(trx, now, slotId);
  return released > 0 && tryTake(trx, slotId, seats);
}

export async function releaseSeats(trx: Conn, slotId: number, seats: number): Promise<void> {
  const row = await trx
    .updateTable('slots')
    .set({ booked: sql`booked - ${seats}` })
    .where('id', '=', slotId)
    .returning('place_id')
    .executeTakeFirst();
  if (row) seatsChanged(trx, row.place_id);
}

/**
 * Turn held bookings whose hold has run out into `expired` and give their seats back.
 * Each booking row changes state at most once, whichever process gets to it first, and only
 * the process that changed it returns the seats, so several sweepers can run at once.
 */
export async function releaseExpiredHolds(trx: Conn, now: Date, slotId?: number): Promise<number> {
  const at = iso(now);
  let q = trx
    .updateTable('bookings')
    .set({ status: 'expired', updated_at: at })
    .where('status', '=', 'held')
    .where('hold_expires_at', '<=', at);
  if (slotId !== undefined) q = q.where('slot_id', '=', slotId);
  const expired = await q
    .returning(['id', 'code', 'channel', 'owner_id', 'partner_reference', 'status', 'slot_id', 'seats'])
    .execute();
  if (expired.length === 0) return 0;
  await emitEvents(trx, 'booking.expired', expired, now);
  const perSlot = new Map<number, number>();
  for (const b of expired) perSlot.set(b.slot_id, (perSlot.get(b.slot_id) ?? 0) + b.seats);
  // Fixed order (by slot id) so that concurrent sweepers never wait on each other in a cycle.
  for (const id of [...perSlot.keys()].sort((a, b) => a - b)) {
    await releaseSeats(trx, id, perSlot.get(id)!);
  }
  return expired.length;
}
