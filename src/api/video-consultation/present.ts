// Core objects → the API's shapes, in one place. A doctor's national ID and licence number
// are not part of any shape here (and the core's public queries never read them).
import type { Config } from '../../config.js';
import type { Consultation } from '../../core/video/consultations.js';
import type { NextSlot } from '../../core/video/doctor-slots.js';
import type { Doctor } from '../../core/video/doctors.js';
import { maskTail } from '../../core/shared/mask.js';
import { money } from '../../core/partners/money.js';
import { joinLink } from '../../core/video/rooms.js';
import { encodeSlotId } from '../../core/video/slot-ids.js';
import { offsetMinutes } from '../../core/shared/time.js';

/** `2026-11-24T09:00:00+03:00`: the instant in the given time zone, with its offset. */
export function localIso(instant: string, timeZone: string): string {
  const at = new Date(instant);
  const off = offsetMinutes(timeZone, at);
  const local = new Date(at.getTime() + off * 60_000).toISOString().slice(0, 19);
  const sign = off < 0 ? '-' : '+';
  const a = Math.abs(off);
  return `${local}${sign}${String(Math.floor(a / 60)).padStart(2, '0')}:${String(a % 60).padStart(2, '0')}`;
}

export interface SlotOut {
  slot_id: string;
  start: string;
  end: string;
}

// slotOut is a pure function of its inputs and the same slots are shown over and over: keep
// the answers (one AES block and two local-time conversions each), a bounded number of them,
// by slot id, with the times and zone they were made for.
const SLOT_OUT_MAX = 50_000;
interface KeptSlotOut {
  start_at: string;
  end_at: string;
  timeZone: string;
  out: Readonly<SlotOut>;
}
const slotOuts = new Map<string, Map<number, KeptSlotOut>>();

/** A slot as the API shows it: the same frozen object each time for the same slot, times and zone. */
export function slotOut(secret: string, slot: NextSlot, timeZone: string): Readonly<SlotOut> {
  let bySlot = slotOuts.get(secret);
  if (!bySlot) {
    bySlot = new Map();
    slotOuts.set(secret, bySlot);
  }
  const kept = bySlot.get(slot.id);
  if (kept && kept.start_at === slot.start_at && kept.end_at === slot.end_at && kept.timeZone === timeZone)
    return kept.out;
  const out = Object.freeze({
    slot_id: encodeSlotId(secret, slot.id),
    start: localIso(slot.start_at, timeZone),
    end: localIso(slot.end_at, timeZone),
  });
  if (!kept && bySlot.size >= SLOT_OUT_MAX) bySlot.clear();
  bySlot.set(slot.id, { start_at: slot.start_at, end_at: slot.end_at, timeZone, out });
  return out;
}

export function doctorName(d: Pick<Doctor, 'title' | 'first_name' | 'last_name'>): string {
  return [d.title, d.first_name, d.last_name].filter(Boolean).join(' ');
}

export function doctorOut(d: Doctor) {
  return {
    doctor_id: d.code,
    spec_id: d.spec_code,
    speciality: d.spec_name,
    name: doctorName(d),
    title: d.title,
    first_name: d.first_name,
    last_name: d.last_name,
    gender: d.gender,
    photo_url: d.photo_url,
    languages: d.languages,
    classification: d.classification,
    sub_speciality: d.sub_speciality,
    qualifications: d.qualifications,
    experience_years: d.experience_years === null ? null : Math.round(d.experience_years),
    rating: d.rating,
    consultation_minutes: d.slot_minutes,
    timezone: d.timezone,
    fee: d.fee_minor === null || !d.currency ? null : money(d.fee_minor, d.currency),
  };
}

export function bookingOut(
  config: Config,
  c: Consultation,
  paymentUrl: (p: NonNullable<Consultation['payment']>) => string | null,
) {
  const b = c.booking;
  const held = c.status === 'held';
  const live = c.status === 'confirmed' || c.status === 'completed';
  const join = live
    ? joinLink(
        { secret: config.secret, baseUrl: config.videoBaseUrl, earlyMinutes: config.videoJoinEarlyMinutes },
        c.room_key,
        c.slot,
      )
    : null;
  return {
    booking_id: b.code,
    partner_reference: b.partner_reference ?? '',
    status: c.status,
    doctor_id: c.doctor.code,
    doctor_name: doctorName(c.doctor),
    spec_id: c.doctor.spec_code,
    slot: slotOut(config.secret, c.slot, c.doctor.timezone),
    patient: {
      name: c.patient?.name ?? '',
      mobile: maskTail(c.patient?.mobile),
      gender: c.patient?.gender ?? null,
      birth_date: c.patient?.birth_date ?? null,
    },
    reason: c.reason,
    amount: money(b.amount_minor ?? 0, b.currency ?? c.doctor.currency ?? 'SAR'),
    payment_status: c.payment?.status ?? null,
    payment_url: held && c.payment?.status === 'pending' ? paymentUrl(c.payment) : null,
    expires_at: held ? b.hold_expires_at : null,
    ...(join ? { join_url: join.join_url, join_valid_from: join.valid_from, join_valid_until: join.valid_until } : {}),
    created_at: b.created_at,
  };
}
