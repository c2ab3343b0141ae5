// Telling beneficiaries that an operator cancelled their session (issue 16). The cancellation
// writes a `booking.cancelled` event (cancelled_by operator, with the reason) in its own
// transaction; the dispatcher (core/webhooks) makes one delivery per beneficiary of the booking
// and calls this to send the SMS, retrying with backoff like a webhook until it is delivered.
import type { Conn } from '../../store/index.js';
import { DomainError } from '../shared/errors.js';
import { wallClock } from '../shared/time.js';
import type { SmsSender } from './sms.js';

interface CancelledEvent {
  booking_id: number | null;
  payload: string;
}

/** The SMS text: which appointment, when and where, why, and what to do next. */
export function sessionCancelledText(p: {
  name: string;
  code: string;
  centre: string;
  date: string;
  time: string;
  reason: string;
}) {
  const [y, m, d] = p.date.split('-');
  return (
    `Dear ${p.name}, your vaccination appointment ${p.code} at ${p.centre} on ${d}-${m}-${y} ${p.time} ` +
    `was cancelled by the centre: ${p.reason}. Please book another slot.`
  );
}

/** Send the SMS of one cancelled booking to one of its beneficiaries (`personId`). */
export async function notifySessionCancelled(
  db: Conn,
  sms: SmsSender,
  personId: number,
  event: CancelledEvent,
): Promise<void> {
  if (event.booking_id === null) throw new DomainError('not_found', 'the event names no booking');
  const row = await db
    .selectFrom('bookings as k')
    .innerJoin('slots as s', 's.id', 'k.slot_id')
    .innerJoin('places as p', 'p.id', 's.place_id')
    .innerJoin('booking_people as bp', 'bp.booking_id', 'k.id')
    .innerJoin('beneficiaries as b', 'b.person_id', 'bp.person_id')
    .select(['k.code', 's.start_at', 'p.name as centre', 'p.timezone', 'b.mobile', 'b.name'])
    .where('k.id', '=', event.booking_id)
    .where('bp.person_id', '=', personId)
    .executeTakeFirst();
  if (!row) throw new DomainError('not_found', `person ${personId} is not a beneficiary of the booking`);
  const reason =
    (JSON.parse(event.payload) as { data?: { reason?: string } }).data?.reason ?? 'the session was cancelled';
  const local = wallClock(row.start_at, row.timezone);
  await sms.send({
    to: row.mobile,
    kind: 'session_cancelled',
    text: sessionCancelledText({ name: row.name, code: row.code, centre: row.centre, ...local, reason }),
  });
}
