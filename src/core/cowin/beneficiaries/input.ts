// Checking and normalising a beneficiary's registration details. Every failure is a
// DomainError whose `rule` names the rule broken, so each API dialect can give it
// its own error code; the message says what to fix.
import type { BeneficiaryGender } from '../../../store/schema.js';
import { DomainError } from '../../shared/errors.js';
import { checkPhotoId, isPhotoIdType } from '../photo-id.js';

/** What a caller sends (the seed's JSON types are loose: numbers and strings both occur). */
export interface BeneficiaryRaw {
  name: string;
  birth_year: string | number;
  gender: string | number;
  mobile_number: string | number;
  photo_id_type: string | number;
  photo_id_number: string | number;
  state_id?: number | string | null;
  district_id?: number | string | null;
  block_id?: number | string | null;
  locality_id?: number | string | null;
  pincode?: number | string | null;
  address?: string | null;
  consent: string;
}

export interface LocationIds {
  state_id: number | null;
  district_id: number | null;
  block_id: number | null;
  locality_id: number | null;
  pincode: number | null;
}

export interface BeneficiaryInput extends LocationIds {
  name: string;
  birth_year: number;
  gender: BeneficiaryGender;
  mobile: string;
  photo_id_type: number;
  photo_id_number: string;
  address: string | null;
}

export const MAX_NAME = 100;
export const MAX_AGE_YEARS = 120;
const NAME = /^[\p{L}\p{M}][\p{L}\p{M} .'-]*$/u;

export function normalizeName(raw: string): string {
  const name = String(raw).trim().replace(/\s+/g, ' ');
  if (name.length > MAX_NAME) throw new DomainError('name_too_long', `name must be at most ${MAX_NAME} characters`);
  if (!NAME.test(name) || (name.match(/\p{L}/gu) ?? []).length < 2) {
    throw new DomainError(
      'name_invalid',
      'name must be letters, spaces, dots, apostrophes or hyphens, with at least two letters',
    );
  }
  return name;
}

export function normalizeBirthYear(raw: string | number, now = new Date()): number {
  const s = String(raw).trim();
  if (!/^\d{4}$/.test(s))
    throw new DomainError('birth_year_format', 'birth_year must be a year in YYYY format, e.g. "1980"');
  const year = Number(s);
  const current = now.getUTCFullYear();
  if (year > current || year < current - MAX_AGE_YEARS) {
    throw new DomainError('birth_year_invalid', `birth_year must be between ${current - MAX_AGE_YEARS} and ${current}`);
  }
  return year;
}

const GENDERS: Record<string, BeneficiaryGender> = {
  male: 'Male',
  female: 'Female',
  others: 'Others',
  other: 'Others',
  1: 'Male',
  2: 'Female',
  3: 'Others',
};

export function normalizeGender(raw: string | number): BeneficiaryGender {
  const g = GENDERS[String(raw).trim().toLowerCase()];
  if (!g) throw new DomainError('gender_invalid', 'gender must be "Male", "Female" or "Others" (or their ids 1, 2, 3)');
  return g;
}

/** A 10-digit Indian mobile number, or null. `+91`, `91` and `0` prefixes, spaces and hyphens are removed. */
export function parseMobile(raw: unknown): string | null {
  if (typeof raw !== 'string' && typeof raw !== 'number') return null;
  let s = String(raw).trim().replace(/[\s-]/g, '');
  if (/^\+91\d{10}$/.test(s)) s = s.slice(3);
  else if (/^91\d{10}$/.test(s)) s = s.slice(2);
  else if (/^0\d{10}$/.test(s)) s = s.slice(1);
  return /^[6-9]\d{9}$/.test(s) ? s : null;
}

export function normalizeMobile(raw: unknown, field = 'mobile_number'): string {
  const m = parseMobile(raw);
  if (!m)
    throw new DomainError(
      'mobile_invalid',
      `${field} must be a 10-digit Indian mobile number starting with 6, 7, 8 or 9`,
    );
  return m;
}

/** A 14-digit beneficiary reference id, or an error naming the field. */
export function normalizeReferenceId(raw: unknown): number {
  const s = typeof raw === 'number' || typeof raw === 'string' ? String(raw).trim() : '';
  if (!/^[1-9]\d{13}$/.test(s))
    throw new DomainError(
      'reference_id_invalid',
      'beneficiary_reference_id must be the 14-digit number returned by registration/beneficiary/add',
    );
  return Number(s);
}

function optionalId(raw: unknown, field: string): number | null {
  if (raw === null || raw === undefined || raw === '' || raw === 0 || raw === '0') return null;
  const s = String(raw).trim();
  if (!/^\d{1,9}$/.test(s)) throw new DomainError('location_invalid', `${field} must be a whole number (or null)`);
  return Number(s);
}

function optionalPincode(raw: unknown): number | null {
  if (raw === null || raw === undefined || raw === '') return null;
  const s = String(raw).trim();
  if (!/^[1-9]\d{5}$/.test(s))
    throw new DomainError('location_invalid', 'pincode must be a 6-digit Indian pincode (or null)');
  return Number(s);
}

export function normalizeAddress(raw: unknown): string | null {
  if (raw === null || raw === undefined) return null;
  const s = String(raw).trim().replace(/\s+/g, ' ');
  if (s === '' || s.toLowerCase() === 'null') return null;
  if (s.length > 300) throw new DomainError('location_invalid', 'address must be at most 300 characters');
  return s;
}

/** Check every field except the location ids' existence (see ./location.ts). */
export function normalizeBeneficiary(raw: BeneficiaryRaw, now = new Date()): BeneficiaryInput {
  if (String(raw.consent).trim().toUpperCase() !== 'Y') {
    throw new DomainError('consent_missing', 'consent must be "Y": register a beneficiary only with their consent');
  }
  const name = normalizeName(raw.name);
  const birth_year = normalizeBirthYear(raw.birth_year, now);
  const gender = normalizeGender(raw.gender);
  const mobile = normalizeMobile(raw.mobile_number);
  const type = Number(String(raw.photo_id_type).trim());
  if (!Number.isInteger(type) || !isPhotoIdType(type)) {
    throw new DomainError(
      'photo_id_type_invalid',
      'photo_id_type must be one of the ids 1 to 13 of registration/beneficiary/getBeneficiaryIdType',
    );
  }
  const id = checkPhotoId(type, String(raw.photo_id_number));
  if (!id.ok) throw new DomainError('photo_id_number_invalid', id.message);
  return {
    name,
    birth_year,
    gender,
    mobile,
    photo_id_type: type,
    photo_id_number: id.number,
    state_id: optionalId(raw.state_id, 'state_id'),
    district_id: optionalId(raw.district_id, 'district_id'),
    block_id: optionalId(raw.block_id, 'block_id'),
    locality_id: optionalId(raw.locality_id, 'locality_id'),
    pincode: optionalPincode(raw.pincode),
    address: normalizeAddress(raw.address),
  };
}
