// Appointments as API Setu v2 shows them (in v4/appointment/beneficiaries and on the slip):
// the centre, the session's UUID, the date and the slot's time range.
import { appointmentsOf, type AppointmentRow } from '../../core/cowin/appointments.js';
import { findCentres, type Centre } from '../../core/cowin/centres.js';
import { slotVaccines } from '../../core/cowin/vaccines.js';
import { wallClock } from '../../core/shared/time.js';
import type { Conn } from '../../store/index.js';
import { toDdMmYyyy } from '../dates.js';
import type { V2Ids } from './ids.js';
import { slotName } from './slot-names.js';

export interface AppointmentView {
  appointment_id: string;
  center_id: number;
  name: string;
  state_name: string;
  district_name: string;
  block_name: string;
  from: string;
  to: string;
  dose: number;
  session_id: string;
  date: string;
  slot: string;
}

export function appointmentView(
  a: AppointmentRow,
  centre: Centre | undefined,
  offeringId: number | null,
  ids: V2Ids,
): AppointmentView {
  const tz = centre?.timezone ?? 'Asia/Kolkata';
  const start = wallClock(a.slot.start_at, tz);
  const end = wallClock(a.slot.end_at, tz);
  return {
    appointment_id: ids.appointmentId(a.booking.code),
    center_id: a.slot.place_id,
    name: centre?.name ?? '',
    state_name: centre?.state_name ?? '',
    district_name: centre?.district_name ?? '',
    block_name: centre?.block_name ?? '',
    from: `${start.time}:00`,
    to: `${end.time}:00`,
    dose: 1,
    session_id: ids.sessionId({ centreId: a.slot.place_id, offeringId: offeringId ?? 0, date: start.date }),
    date: toDdMmYyyy(start.date),
    slot: slotName(start.time, end.time),
  };
}

/** The live (confirmed) appointments of a mobile's beneficiaries, with their centres. */
export async function liveAppointments(
  db: Conn,
  mobile: string,
  ids: V2Ids,
): Promise<{ row: AppointmentRow; view: AppointmentView; centre: Centre | undefined }[]> {
  const rows = (await appointmentsOf(db, mobile)).filter((a) => a.booking.status === 'confirmed');
  const centres = new Map(
    (await findCentres(db, { ids: [...new Set(rows.map((a) => a.slot.place_id))] })).map((c) => [c.id, c]),
  );
  const vaccines = await slotVaccines(
    db,
    rows.map((a) => a.slot.id),
  );
  return rows.map((row) => {
    const centre = centres.get(row.slot.place_id);
    return { row, centre, view: appointmentView(row, centre, vaccines.get(row.slot.id) ?? null, ids) };
  });
}
