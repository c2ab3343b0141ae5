// Photo ID types accepted for beneficiary registration (seed 002's getBeneficiaryIdType) and
// the format check of each number, as an identity registry would apply them.

export interface PhotoIdType {
  id: number;
  type: string;
  doc_type: string | null;
}

export const PHOTO_ID_TYPES: PhotoIdType[] = [
  { id: 1, type: 'Aadhaar Card', doc_type: null },
  { id: 2, type: 'Driving License', doc_type: 'DRVLC' },
  { id: 3, type: 'Health Insurance Smart Card issued under the scheme of Ministry of Labour', doc_type: null },
  { id: 4, type: 'MNREGA Job Card', doc_type: 'MNRGA' },
  { id: 5, type: 'Official identity cards issued to MPs/MLAs/MLCs', doc_type: null },
  { id: 6, type: 'PAN Card', doc_type: 'PANCR' },
  { id: 7, type: 'Passbooks issued by Bank/Post Office', doc_type: null },
  { id: 8, type: 'Passport', doc_type: 'PSPRT' },
  { id: 9, type: 'Pension Document', doc_type: null },
  {
    id: 10,
    type: 'Service Identity Card issued to employees by Central/ State Govt./ PSUs/ Public Limited Companies',
    doc_type: null,
  },
  { id: 11, type: 'Smart Card issued by RGI under NPR', doc_type: null },
  { id: 12, type: 'Voter ID', doc_type: 'VTRID' },
  { id: 13, type: 'Others(Local Authority)', doc_type: null },
];

// Verhoeff: multiplication table of the dihedral group D5, position permutation, inverse.
const D = [
  [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
  [1, 2, 3, 4, 0, 6, 7, 8, 9, 5],
  [2, 3, 4, 0, 1, 7, 8, 9, 5, 6],
  [3, 4, 0, 1, 2, 8, 9, 5, 6, 7],
  [4, 0, 1, 2, 3, 9, 5, 6, 7, 8],
  [5, 9, 8, 7, 6, 0, 4, 3, 2, 1],
  [6, 5, 9, 8, 7, 1, 0, 4, 3, 2],
  [7, 6, 5, 9, 8, 2, 1, 0, 4, 3],
  [8, 7, 6, 5, 9, 3, 2, 1, 0, 4],
  [9, 8, 7, 6, 5, 4, 3, 2, 1, 0],
];
const P = [
  [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
  [1, 5, 7, 6, 2, 8, 3, 0, 9, 4],
  [5, 8, 0, 3, 7, 9, 6, 1, 4, 2],
  [8, 9, 1, 6, 0, 4, 3, 5, 2, 7],
  [9, 4, 5, 3, 1, 2, 6, 8, 7, 0],
  [4, 2, 8, 6, 5, 7, 3, 9, 0, 1],
  [2, 7, 9, 3, 8, 0, 6, 4, 1, 5],
  [7, 0, 4, 6, 9, 1, 3, 2, 5, 8],
];
const INV = [0, 4, 3, 2, 1, 5, 6, 7, 8, 9];

/** Does this digit string (check digit last) pass the Verhoeff check? */
export function verhoeffValid(digits: string): boolean {
  if (!/^\d+$/.test(digits)) return false;
  let c = 0;
  const rev = digits.split('').reverse();
  for (let i = 0; i < rev.length; i++) c = D[c][P[i % 8][Number(rev[i])]];
  return c === 0;
}

/** The Verhoeff check digit to append to `digits`. */
export function verhoeffDigit(digits: string): string {
  let c = 0;
  const rev = digits.split('').reverse();
  for (let i = 0; i < rev.length; i++) c = D[c][P[(i + 1) % 8][Number(rev[i])]];
  return String(INV[c]);
}

export type PhotoIdCheck = { ok: true; number: string } | { ok: false; message: string };

const STRIP = /[\s-]/g;

interface Rule {
  re: RegExp;
  expected: string;
  strip: boolean;
  extra?: (n: string) => string | null;
}

const RULES: Record<number, Rule> = {
  1: {
    re: /^[2-9]\d{11}$/,
    strip: true,
    expected: 'an Aadhaar number: 12 digits, not starting with 0 or 1',
    extra: (n) =>
      verhoeffValid(n) ? null : 'is not a valid Aadhaar number: its last digit (Verhoeff check digit) does not match',
  },
  2: {
    re: /^[A-Z]{2}\d{2}(19|20)\d{2}\d{7}$/,
    strip: true,
    expected:
      'a driving licence number: state code, 2-digit RTO code, year of issue and 7 digits, e.g. MH1420110062821',
  },
  6: {
    re: /^[A-Z]{5}\d{4}[A-Z]$/,
    strip: true,
    expected: 'a PAN: 5 letters, 4 digits, 1 letter (AAAAA9999A)',
    extra: (n) => (n[3] === 'P' ? null : "is not an individual's PAN: its fourth letter must be P"),
  },
  8: {
    re: /^[A-PR-WY][1-9]\d{5}[1-9]$/,
    strip: true,
    expected: 'an Indian passport number: a letter (not Q, X or Z) and 7 digits, e.g. J8369854',
  },
  12: {
    re: /^[A-Z]{3}\d{7}$/,
    strip: true,
    expected: 'a voter ID (EPIC) number: 3 letters and 7 digits, e.g. ABC1234567',
  },
};
const GENERIC: Rule = {
  re: /^(?=(?:.*[A-Z0-9]){4})[A-Z0-9][A-Z0-9/ .-]{3,29}$/,
  strip: false,
  expected: '4 to 30 letters, digits, spaces or / . - characters, starting with a letter or digit',
};

export function isPhotoIdType(id: number): boolean {
  return PHOTO_ID_TYPES.some((t) => t.id === id);
}

/** Check a photo ID number for its type; returns the normalised number (upper case, no separators). */
export function checkPhotoId(type: number, raw: string): PhotoIdCheck {
  const rule = RULES[type] ?? GENERIC;
  let n = raw.trim().toUpperCase().replace(/\s+/g, ' ');
  if (rule.strip) n = n.replace(STRIP, '');
  const name = PHOTO_ID_TYPES.find((t) => t.id === type)?.type ?? 'photo ID';
  if (!rule.re.test(n))
    return { ok: false, message: `photo_id_number must be ${rule.expected} for photo_id_type ${type} (${name})` };
  const extra = rule.extra?.(n);
  if (extra) return { ok: false, message: `photo_id_number ${extra}` };
  return { ok: true, number: n };
}
