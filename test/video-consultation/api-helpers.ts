// Calling the Video Consultation API in tests: signed requests as a partner, and a doctor
// with slots around the clock so that "tomorrow" always has bookable slots.
import type { FastifyInstance } from 'fastify';
import { createPartner } from '../../src/core/partners/partners.js';
import { signRequest } from '../../src/core/partners/signing.js';
import { wallClock } from '../../src/core/shared/time.js';
import type { Store } from '../../src/store/index.js';
import type { Practitioner } from '../../src/store/schema.js';
import { addDays } from '../../src/core/shared/time.js';
import { doctorWithHours } from './helpers.js';

export const V = '/video-consultation/v1';

export interface TestPartner {
  code: string;
  token: string;
  secret: string;
}

export async function newPartner(store: Store, secret: string, name = 'Partner'): Promise<TestPartner> {
  const c = await createPartner(store, secret, { name, prdIds: [] });
  return { code: c.partner.code, token: c.token, secret: c.secret };
}

/** Inject a request; signed (Authorization + Cmt) when a partner is given. */
export async function call(
  app: FastifyInstance,
  method: 'GET' | 'POST',
  url: string,
  opts: { partner?: TestPartner; body?: unknown } = {},
) {
  const payload = opts.body === undefined ? undefined : JSON.stringify(opts.body);
  const headers: Record<string, string> = {};
  if (payload !== undefined) headers['content-type'] = 'application/json';
  if (opts.partner) {
    headers.authorization = `Bearer ${opts.partner.token}`;
    headers.cmt = signRequest({ secret: opts.partner.secret, method, url, body: payload ?? '' }).header;
  }
  const res = await app.inject({ method, url, payload, headers });
  return { status: res.statusCode, body: res.json(), raw: res.body };
}

/** A doctor who works every day around the clock in 60-minute slots. */
export async function roundTheClockDoctor(
  store: Store,
  opts: { fee?: number; specId?: string; languages?: string[] } = {},
): Promise<Practitioner> {
  const hours = [0, 1, 2, 3, 4, 5, 6].map((weekday) => ({ weekday, start: '00:00', end: '24:00' }));
  return doctorWithHours(store.db, { hours, slotMinutes: 60, days: 4, ...opts });
}

/** The doctor's free slots on the day after tomorrow (local), as the API lists them. */
export async function freeSlots(
  app: FastifyInstance,
  doctorCode: string,
): Promise<{ slot_id: string; start: string; end: string }[]> {
  const date = addDays(wallClock(new Date(), 'Asia/Riyadh').date, 2);
  const res = await call(app, 'GET', `${V}/slots?doctor_id=${doctorCode}&date=${date}`);
  if (res.status !== 200) throw new Error(res.raw);
  return res.body.data.info.slots;
}

export const PATIENT = { name: 'Fahad Al-Otaibi', mobile: '+966501234567', gender: 'male', birth_date: '1990-04-12' };

let refs = 0;
export const ref = () => `ref-${process.pid}-${++refs}`;

export function bookBody(doctorId: string, slotId: string, extra: Record<string, unknown> = {}) {
  return {
    partner_reference: ref(),
    doctor_id: doctorId,
    slot_id: slotId,
    patient: PATIENT,
    reason: 'Cough',
    ...extra,
  };
}

/** Approve (or decline) a payment on the sandbox checkout page, as the payer's browser would. */
export async function pay(
  app: FastifyInstance,
  paymentUrl: string,
  action: 'approve' | 'decline' = 'approve',
): Promise<number> {
  const path = new URL(paymentUrl).pathname;
  const res = await app.inject({
    method: 'POST',
    url: path,
    payload: `action=${action}`,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
  return res.statusCode;
}
