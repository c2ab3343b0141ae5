// The appointments of a mobile's beneficiaries, for listing (v1 C3, API Setu v2 beneficiaries).
import type { Conn } from '../../store/index.js';
import type { Booking } from '../../store/schema.js';
import { CHANNEL } from './appointments.js';

export interface AppointmentRow {
  booking: Booking;
  slot: { id: number; place_id: number; start_at: string; end_at: string; label: string | null };
  referenceIds: number[];
}

/** Every appointment (any status) of the beneficiaries linked to `mobile`, newest first. */
export async function appointmentsOf(db: Conn, mobile: string): Promise<AppointmentRow[]> {
  const rows = await db
    .selectFrom('bookings as k')
    .innerJoin('booking_people as bp', 'bp.booking_id', 'k.id')
    .innerJoin('beneficiaries as b', 'b.person_id', 'bp.person_id')
    .innerJoin('slots as s', 's.id', 'k.slot_id')
    .selectAll('k')
    .select(['s.place_id', 's.start_at', 's.end_at', 's.label', 'b.reference_id', 'b.mobile', 'b.deleted_at'])
    .where('k.channel', '=', CHANNEL)
    .where('k.id', 'in', (eb) =>
      eb
        .selectFrom('booking_people as bp2')
        .innerJoin('beneficiaries as b2', 'b2.person_id', 'bp2.person_id')
        .select('bp2.booking_id')
        .where('b2.mobile', '=', mobile),
    )
    .orderBy('k.created_at', 'desc')
    .orderBy('k.id', 'desc')
    .orderBy('b.id')
    .execute();
  const out = new Map<number, AppointmentRow & { foreign: boolean }>();
  for (const r of rows) {
    const { place_id, start_at, end_at, label, reference_id, mobile: m, deleted_at, ...booking } = r;
    const a = out.get(r.id) ?? {
      booking,
      slot: { id: r.slot_id, place_id, start_at, end_at, label },
      referenceIds: [],
      foreign: false,
    };
    a.referenceIds.push(Number(reference_id));
    if (m !== mobile || deleted_at !== null) a.foreign = true;
    out.set(r.id, a);
  }
  // An appointment shared with someone no longer linked to this mobile is not shown.
  return [...out.values()].filter((a) => !a.foreign).map(({ foreign: _f, ...a }) => a);
}
