// Parsing of the CoWIN API's query and path values, with messages that say what to fix.
import { parseDdMmYyyy, pastCowinDate } from '../dates.js';
import type { CowinErrorCode } from './error-codes.js';
import { CowinError } from './errors.js';

export { parseDdMmYyyy, toDdMmYyyy } from '../dates.js';

/** A positive whole-number id (`district_id=512`). */
export function idValue(raw: string | number | undefined, name: string): number {
  const s = String(raw ?? '').trim();
  if (s === '') throw new CowinError('APPOIN0001', `${name} is required, e.g. ${name}=512`);
  if (!/^\d{1,12}$/.test(s) || Number(s) < 1)
    throw new CowinError('APPOIN0001', `${name} must be a positive whole number, got "${s.slice(0, 40)}"`);
  return Number(s);
}

/** A 6-digit Indian pincode. */
export function pincodeValue(raw: string | number | undefined, name = 'pin'): number {
  const s = String(raw ?? '').trim();
  if (s === '') throw new CowinError('APPOIN0001', `${name} is required, e.g. ${name}=110003`);
  if (!/^[1-9]\d{5}$/.test(s))
    throw new CowinError('APPOIN0001', `${name} must be a 6-digit pincode like 110003, got "${s.slice(0, 40)}"`);
  return Number(s);
}

/** A `dd-mm-yyyy` date → `yyyy-mm-dd`. */
export function ddmmyyyy(raw: string | undefined, name: string): string {
  const s = String(raw ?? '').trim();
  if (s === '') throw new CowinError('APPOIN0001', `${name} is required, a date as dd-mm-yyyy like 31-03-2021`);
  const iso = parseDdMmYyyy(s);
  if (!iso)
    throw new CowinError(
      'APPOIN0001',
      `${name} must be a real date as dd-mm-yyyy like 31-03-2021 (years 1900 to 2100), got "${s.slice(0, 40)}"`,
    );
  return iso;
}

/** A `dd-mm-yyyy` date to book or browse: also refused when it is before today (India's calendar). */
export function upcomingDate(raw: string | undefined, name: string, now: Date, code: CowinErrorCode = 'APPOIN0001') {
  const iso = ddmmyyyy(raw, name);
  const past = pastCowinDate(name, iso, now);
  if (past) throw new CowinError(code, past);
  return iso;
}

/** `09:00`–`11:00` → `9AM-11AM`, `14:30` → `2:30PM`, as the seed's `timings` (kept: few distinct). */
const timingsKept = new Map<string, string>();
export function timings(from: string, to: string): string {
  const key = `${from}-${to}`;
  let text = timingsKept.get(key);
  if (text === undefined) {
    text = `${fmt(from)}-${fmt(to)}`;
    if (timingsKept.size >= 10_000) timingsKept.clear();
    timingsKept.set(key, text);
  }
  return text;
}

function fmt(t: string): string {
  const [h, m] = t.split(':').map(Number);
  const h12 = h % 12 === 0 ? 12 : h % 12;
  return `${h12}${m ? `:${String(m).padStart(2, '0')}` : ''}${h < 12 ? 'AM' : 'PM'}`;
}
