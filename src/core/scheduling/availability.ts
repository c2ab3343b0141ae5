// Availability queries. Free seats never count an expired hold (see ./seats.ts).
import { iso } from '../../store/dialect.js';
import type { Conn } from '../../store/index.js';
import { freeSeatsSql } from './seats.js';

export interface SlotFilter {
  placeId?: number;
  placeIds?: number[];
  practitionerId?: number;
  offeringId?: number;
  /** ISO instants: slots starting in [from, to). */
  from: string;
  to: string;
  /** Only slots that still have at least this many free seats. */
  minFree?: number;
  now?: Date;
}

export interface SlotAvailability {
  id: number;
  place_id: number;
  offering_id: number | null;
  practitioner_id: number | null;
  start_at: string;
  end_at: string;
  label: string | null;
  capacity: number;
  available: number;
}

/** The columns of a slot that availability answers show. */
export const SLOT_COLUMNS = [
  'slots.id',
  'slots.place_id',
  'slots.offering_id',
  'slots.practitioner_id',
  'slots.start_at',
  'slots.end_at',
  'slots.label',
  'slots.capacity',
] as const;

export async function listSlots(db: Conn, f: SlotFilter): Promise<SlotAvailability[]> {
  const now = iso(f.now ?? new Date());
  const free = freeSeatsSql(now);
  let q = db
    .selectFrom('slots')
    .select(SLOT_COLUMNS)
    .select(free.as('available'))
    .where('slots.start_at', '>=', f.from)
    .where('slots.start_at', '<', f.to);
  if (f.placeId !== undefined) q = q.where('slots.place_id', '=', f.placeId);
  if (f.placeIds !== undefined) {
    if (f.placeIds.length === 0) return [];
    q = q.where('slots.place_id', 'in', f.placeIds);
  }
  if (f.practitionerId !== undefined) q = q.where('slots.practitioner_id', '=', f.practitionerId);
  if (f.offeringId !== undefined) q = q.where('slots.offering_id', '=', f.offeringId);
  if (f.minFree !== undefined) q = q.where(free, '>=', f.minFree);
  const rows = await q.orderBy('slots.start_at').orderBy('slots.id').execute();
  return rows.map((r) => ({ ...r, available: Number(r.available) }));
}

export async function slotAvailability(
  db: Conn,
  slotId: number,
  now: Date = new Date(),
): Promise<SlotAvailability | undefined> {
  const row = await db
    .selectFrom('slots')
    .select(SLOT_COLUMNS)
    .select(freeSeatsSql(iso(now)).as('available'))
    .where('slots.id', '=', slotId)
    .executeTakeFirst();
  return row && { ...row, available: Number(row.available) };
}
