// Dates as the CoWIN dialects write them (`dd-mm-yyyy`), shared by v1 and API Setu v2.
import { isIsoDate } from '../core/shared/time.js';

/** `dd-mm-yyyy` (also `d-m-yyyy`) → `yyyy-mm-dd`, or null if it is not a real date. */
export function parseDdMmYyyy(s: string): string | null {
  const m = /^(\d{1,2})-(\d{1,2})-(\d{4})$/.exec(s.trim());
  if (!m) return null;
  const iso = `${m[3]}-${m[2].padStart(2, '0')}-${m[1].padStart(2, '0')}`;
  return isIsoDate(iso) ? iso : null;
}

/** `yyyy-mm-dd` → `dd-mm-yyyy`. */
export function toDdMmYyyy(iso: string): string {
  return `${iso.slice(8, 10)}-${iso.slice(5, 7)}-${iso.slice(0, 4)}`;
}
