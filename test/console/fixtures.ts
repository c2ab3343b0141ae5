// Fixtures for the console tests: a console session for an operator (the cookie and CSRF token
// a browser would hold), and a vaccination appointment to find, change and cancel.
import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { csrfFor, SESSION_COOKIE } from '../../src/api/console/session.js';
import { scheduleAppointment } from '../../src/core/cowin/appointments.js';
import type { Store } from '../../src/store/index.js';
import { createBeneficiary, createCentre, createGuest } from '../cowin/appointment-fixtures.js';
import type { TestDb } from '../helpers/db.js';
import { operatorToken } from '../helpers/operators.js';

export interface Session {
  cookie: string;
  csrf: string;
}

export async function session(
  t: TestDb,
  role: 'admin' | 'facility',
  opts: { disabled?: boolean } = {},
): Promise<Session> {
  const token = await operatorToken(t, role, opts);
  return { cookie: `${SESSION_COOKIE}=${token}`, csrf: csrfFor(t.config.secret, token) };
}

export interface Appointment {
  centreId: number;
  centreCode: string;
  slotId: number;
  confirmationNo: string;
  referenceId: number;
  mobile: string;
}

/** A centre with two future sessions (capacity 2 each) and one confirmed appointment in the first. */
export async function appointment(store: Store): Promise<Appointment> {
  const centre = await createCentre(store, [2, 2]);
  const guest = await createGuest(store);
  const mobile = `9${String(randomBytes(4).readUInt32BE() % 1e9).padStart(9, '0')}`;
  const b = await createBeneficiary(store, guest, mobile, 1990);
  const slot = centre.slots[0];
  const booking = await scheduleAppointment(store, {
    centreId: centre.id,
    date: slot.date.split('-').reverse().join('-'),
    slotId: slot.id,
    mobile,
    referenceIds: [b.referenceId],
  });
  const place = await store.db
    .selectFrom('places')
    .select('code')
    .where('id', '=', centre.id)
    .executeTakeFirstOrThrow();
  return {
    centreId: centre.id,
    centreCode: place.code,
    slotId: slot.id,
    confirmationNo: booking.code,
    referenceId: b.referenceId,
    mobile,
  };
}

/** A urlencoded form body. */
export const form = (fields: Record<string, string | number>): string =>
  new URLSearchParams(Object.entries(fields).map(([k, v]) => [k, String(v)])).toString();

export const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

/** POST a console form as `s` would: the session cookie and the session's CSRF token. */
export function poster(app: FastifyInstance, s: Session) {
  return (url: string, fields: Record<string, string | number>) =>
    app.inject({
      method: 'POST',
      url,
      headers: { ...FORM, cookie: s.cookie },
      payload: form({ _csrf: s.csrf, ...fields }),
    });
}
