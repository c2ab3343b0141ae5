// Parsing of the v2 query values, with the YAML's error codes and messages that say what to fix.
import { parseDdMmYyyy, pastCowinDate } from '../dates.js';
import { badInput, V2Error } from './errors.js';

/** The `date` of a session search: a real `dd-mm-yyyy` date, today or later (India's calendar). */
export function dateValue(raw: string | undefined, now: Date): string {
  const s = String(raw ?? '').trim();
  if (s === '') throw badInput('date is required, as dd-mm-yyyy like 31-03-2021');
  const iso = parseDdMmYyyy(s);
  if (!iso) throw badInput(`date must be a real date as dd-mm-yyyy like 31-03-2021, got "${s.slice(0, 40)}"`);
  const past = pastCowinDate('date', iso, now);
  if (past) throw badInput(past);
  return iso;
}

export function pincodeValue(raw: string | undefined): number {
  const s = String(raw ?? '').trim();
  if (s === '') throw badInput('pincode is required, e.g. pincode=110001');
  if (!/^[1-9]\d{5}$/.test(s))
    throw new V2Error('APPOIN0018', `Invalid Pincode: pincode must be 6 digits like 110001, got "${s.slice(0, 40)}"`);
  return Number(s);
}

export function idValue(raw: string | number | undefined, name: string, code = 'APPOIN0062'): number {
  const s = String(raw ?? '').trim();
  if (s === '') throw badInput(`${name} is required, e.g. ${name}=512`);
  if (!/^\d{1,12}$/.test(s) || Number(s) < 1)
    throw new V2Error(code, `${name} must be a positive whole number, got "${s.slice(0, 40)}"`);
  return Number(s);
}

/** The optional `vaccine` filter (COVISHIELD, COVAXIN…), matched without regard to case. */
export function vaccineFilter(raw: string | undefined): string | undefined {
  const s = String(raw ?? '').trim();
  return s === '' ? undefined : s.toUpperCase();
}
