// Operators' lookup of vaccination appointments (the operator console) by confirmation number
// or by a beneficiary's reference id. Mobile and photo-ID numbers come back masked; a facility
// operator finds only appointments at the centres it created.
import type { Conn } from '../../store/index.js';
import type { BookingStatus } from '../../store/schema.js';
import { effectiveStatus } from '../scheduling/bookings.js';
import { DomainError } from '../shared/errors.js';
import { maskTail } from '../shared/mask.js';
import { wallClock } from '../shared/time.js';
import { CHANNEL } from './appointments.js';
import type { CentreViewer } from './centre-admin.js';
import { fixedLimit } from '../../store/dialect.js';

export interface FoundAppointment {
  confirmation_no: string;
  status: BookingStatus;
  cancel_reason: string | null;
  centre: { code: string; name: string };
  date: string;
  from: string;
  to: string;
  beneficiaries: { reference_id: string; name: string; mobile: string; photo_id: string }[];
}

const MAX_FOUND = 20;

/** Appointments with this confirmation number, or of the beneficiary with this reference id, newest first. */
export async function lookupAppointments(
  db: Conn,
  viewer: CentreViewer,
  number: string,
  now: Date,
): Promise<FoundAppointment[]> {
  const n = number.trim();
  if (!/^\d{1,20}$/.test(n))
    throw new DomainError('invalid', 'enter a confirmation number or a beneficiary reference id (digits only)', {
      field: 'q',
    });
  let q = db
    .selectFrom('bookings as k')
    .innerJoin('slots as s', 's.id', 'k.slot_id')
    .innerJoin('places as p', 'p.id', 's.place_id')
    .select([
      'k.id',
      'k.code',
      'k.status',
      'k.hold_expires_at',
      'k.details',
      'p.code as centre_code',
      'p.name as centre_name',
      'p.timezone',
      's.start_at',
      's.end_at',
    ])
    .where('k.channel', '=', CHANNEL)
    .where((eb) =>
      eb.or([
        eb('k.code', '=', n),
        eb(
          'k.id',
          'in',
          eb
            .selectFrom('booking_people as bp')
            .innerJoin('beneficiaries as b', 'b.person_id', 'bp.person_id')
            .select('bp.booking_id')
            .where('b.reference_id', '=', Number(n)),
        ),
      ]),
    );
  if (viewer.role === 'facility') q = q.where('p.owner_id', '=', viewer.operatorId);
  const rows = await q.orderBy('k.created_at', 'desc').orderBy('k.id', 'desc').limit(fixedLimit(MAX_FOUND)).execute();
  if (rows.length === 0) return [];
  const people = await db
    .selectFrom('booking_people as bp')
    .innerJoin('beneficiaries as b', 'b.person_id', 'bp.person_id')
    .select(['bp.booking_id', 'b.reference_id', 'b.name', 'b.mobile', 'b.photo_id_number'])
    .where(
      'bp.booking_id',
      'in',
      rows.map((r) => r.id),
    )
    .orderBy('b.id')
    .execute();
  return rows.map((r) => {
    const start = wallClock(r.start_at, r.timezone);
    const details = JSON.parse(r.details || '{}') as { cancel_reason?: string };
    return {
      confirmation_no: r.code,
      status: effectiveStatus(r, now),
      cancel_reason: details.cancel_reason ?? null,
      centre: { code: r.centre_code, name: r.centre_name },
      date: start.date,
      from: start.time,
      to: wallClock(r.end_at, r.timezone).time,
      beneficiaries: people
        .filter((p) => p.booking_id === r.id)
        .map((p) => ({
          reference_id: String(p.reference_id),
          name: p.name,
          mobile: maskTail(p.mobile),
          photo_id: maskTail(p.photo_id_number),
        })),
    };
  });
}
