// One row of a facility sheet (seed 002 "Facility Location Data"): checked and turned into a
// centre and its sessions. No database access here; ./facility-import.ts does the writing.
import { inYears, MAX_YEAR, MIN_SCHEDULE_YEAR, zonedInstant } from '../shared/time.js';

export const SHEET_HEADERS = [
  'State',
  'District',
  'Block',
  'Pincode',
  'Facilityname',
  'InchargeName',
  'Mobile',
  'Lat',
  'Lang',
  'vaccinationtypeID',
  'Startdate',
  'Enddate',
  'onlineAppointmentVaccancy',
  'slots',
  'Vaccancy',
] as const;
export type SheetHeader = (typeof SHEET_HEADERS)[number];

/** Longest date range one row may cover, and most sessions per day. */
export const MAX_ROW_DAYS = 366;
export const MAX_SESSIONS_PER_DAY = 12;
const ZONE = 'Asia/Kolkata';

export interface HeaderCheck {
  ok: boolean;
  wrong: string[];
  missing: string[];
  index: Map<SheetHeader, number>;
}

/** Compare a header row with the seed's list: names must match exactly (any order, no extras). */
export function checkHeader(header: string[]): HeaderCheck {
  const index = new Map<SheetHeader, number>();
  const wrong: string[] = [];
  header.forEach((raw, i) => {
    const name = raw.trim() as SheetHeader;
    if (SHEET_HEADERS.includes(name) && !index.has(name)) index.set(name, i);
    else wrong.push(raw.trim() === '' ? `(empty column ${i + 1})` : raw.trim());
  });
  const missing = SHEET_HEADERS.filter((h) => !index.has(h));
  return { ok: wrong.length === 0 && missing.length === 0, wrong, missing, index };
}

/** What the importer resolves names against (loaded once per import). */
export interface SheetLookups {
  stateId(name: string): number | undefined;
  districtId(stateId: number, name: string): number | undefined;
  blockId(districtId: number, name: string): Promise<number | undefined>;
  /** The district of a known pincode (undefined for a pincode the geography does not have). */
  pincodeDistrict(pincode: number): number | undefined;
  vaccine(n: number): { id: number; name: string } | undefined;
  vaccineList: string;
}

export interface SheetSession {
  date: string;
  from: string;
  to: string;
  start_at: string;
  end_at: string;
  capacity: number;
  label: string;
}

export interface SheetRow {
  /** The facility's natural key: pincode and name (case and spacing ignored). */
  ref: string;
  name: string;
  incharge: string;
  mobile: string;
  lat: number;
  lng: number;
  state_id: number;
  district_id: number;
  block_id: number;
  pincode: number;
  address: string;
  block: string;
  vaccine_id: number;
  startDate: string;
  endDate: string;
  times: { from: string; to: string }[];
  online: number;
  daily: number;
}

export class RowError extends Error {}

const fail = (msg: string): never => {
  throw new RowError(msg);
};
const norm = (s: string) => s.trim().replace(/\s+/g, ' ').toLowerCase();

export function facilityRef(pincode: number, name: string): string {
  return `${pincode}|${norm(name)}`;
}

function text(v: string, col: SheetHeader, max: number): string {
  const s = v.trim().replace(/\s+/g, ' ');
  if (s === '') fail(`${col} is empty`);
  if (s.length > max) fail(`${col} is longer than ${max} characters`);
  return s;
}

function whole(v: string, col: SheetHeader, min: number, max: number): number {
  const s = v.trim();
  if (!/^\d+$/.test(s)) fail(`${col} must be a whole number, got "${s.slice(0, 30)}"`);
  const n = Number(s);
  if (n < min || n > max) fail(`${col} must be between ${min} and ${max}, got ${n}`);
  return n;
}

function decimal(v: string, col: SheetHeader, min: number, max: number): number {
  const s = v.trim();
  if (!/^-?\d{1,3}(\.\d+)?$/.test(s)) fail(`${col} must be a decimal number like 18.5204, got "${s.slice(0, 30)}"`);
  const n = Number(s);
  if (n < min || n > max) fail(`${col} ${n} is outside India (${min} to ${max})`);
  return n;
}

export function sheetDate(v: string, col: SheetHeader): string {
  const m = /^(\d{1,2})-(\d{1,2})-(\d{4})$/.exec(v.trim());
  const iso = m ? `${m[3]}-${m[2].padStart(2, '0')}-${m[1].padStart(2, '0')}` : '';
  const d = new Date(`${iso}T00:00:00Z`);
  if (!m || Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== iso)
    fail(`${col} must be a real date as dd-mm-yyyy, got "${v.trim().slice(0, 30)}"`);
  if (!inYears(iso, MIN_SCHEDULE_YEAR, MAX_YEAR))
    fail(`${col} must be a date between ${MIN_SCHEDULE_YEAR} and ${MAX_YEAR}, got "${v.trim()}"`);
  return iso;
}

export function parseTimes(v: string): { from: string; to: string }[] {
  const parts = v
    .split(/[;,]/)
    .map((p) => p.trim())
    .filter(Boolean);
  if (parts.length === 0) fail("slots is empty; list the day's sessions like 09:00-11:00;11:00-13:00");
  if (parts.length > MAX_SESSIONS_PER_DAY)
    fail(`slots lists ${parts.length} sessions; at most ${MAX_SESSIONS_PER_DAY} per day`);
  const times = parts
    .map((p) => {
      const m = /^([01]?\d|2[0-3]):([0-5]\d)\s*-\s*([01]?\d|2[0-3]):([0-5]\d)$/.exec(p);
      if (!m) return fail(`slots entry "${p.slice(0, 30)}" is not a time range like 09:00-11:00`);
      const from = `${m[1].padStart(2, '0')}:${m[2]}`;
      const to = `${m[3].padStart(2, '0')}:${m[4]}`;
      if (to <= from) fail(`slots entry "${p}" ends before it starts`);
      return { from, to };
    })
    .sort((a, b) => a.from.localeCompare(b.from));
  for (let i = 1; i < times.length; i++) {
    if (times[i].from < times[i - 1].to)
      fail(`slots ${times[i - 1].from}-${times[i - 1].to} and ${times[i].from}-${times[i].to} overlap`);
  }
  return times;
}

/** Check one data row. Throws RowError with every problem of the row, joined by "; ". */
export async function parseRow(
  cells: string[],
  index: Map<SheetHeader, number>,
  look: SheetLookups,
): Promise<SheetRow> {
  const problems: string[] = [];
  const get = (h: SheetHeader) => cells[index.get(h)!] ?? '';
  const attempt = async <T>(fn: () => T | Promise<T>): Promise<T | undefined> => {
    try {
      return await fn();
    } catch (e) {
      if (e instanceof RowError) {
        problems.push(e.message);
        return undefined;
      }
      throw e;
    }
  };
  const state = await attempt(() => {
    const s = text(get('State'), 'State', 100);
    return look.stateId(s) ?? fail(`State "${s}" is not a state name (see GET /api/v1/admin/location/states)`);
  });
  const district = await attempt(() => {
    const d = text(get('District'), 'District', 100);
    if (state === undefined) return undefined;
    return (
      look.districtId(state, d) ??
      fail(
        `District "${d}" is not a district of ${get('State').trim()} (see GET /api/v1/admin/location/districts/${state})`,
      )
    );
  });
  const blockName = await attempt(() => text(get('Block'), 'Block', 100));
  const block =
    district === undefined || blockName === undefined
      ? undefined
      : await attempt(
          async () =>
            (await look.blockId(district, blockName)) ??
            fail(
              `Block "${blockName}" is not a block of ${get('District').trim()} (see GET /api/v1/admin/location/blocks/${district})`,
            ),
        );
  const pincode = await attempt(() =>
    /^[1-9]\d{5}$/.test(get('Pincode').trim())
      ? Number(get('Pincode').trim())
      : fail(`Pincode must be 6 digits like 411001, got "${get('Pincode').trim().slice(0, 30)}"`),
  );
  // As beneficiary registration: the pincode must be a known one, in the row's district.
  if (pincode !== undefined && district !== undefined) {
    const inDistrict = look.pincodeDistrict(pincode);
    if (inDistrict === undefined) problems.push(`Pincode ${pincode} is not a known pincode`);
    else if (inDistrict !== district)
      problems.push(`Pincode ${pincode} is not in ${get('District').trim()}; check the pincode or the District`);
  }
  const name = await attempt(() => text(get('Facilityname'), 'Facilityname', 200));
  const incharge = await attempt(() => text(get('InchargeName'), 'InchargeName', 100));
  const mobile = await attempt(() => {
    const m = get('Mobile')
      .trim()
      .replace(/^(\+91|91|0)(?=\d{10}$)/, '');
    return /^[6-9]\d{9}$/.test(m)
      ? m
      : fail(`Mobile must be a 10-digit mobile number, got "${get('Mobile').trim().slice(0, 30)}"`);
  });
  const lat = await attempt(() => decimal(get('Lat'), 'Lat', 6, 38));
  const lng = await attempt(() => decimal(get('Lang'), 'Lang', 68, 98));
  const vaccine = await attempt(() => {
    const n = whole(get('vaccinationtypeID'), 'vaccinationtypeID', 1, 1_000_000);
    return look.vaccine(n) ?? fail(`vaccinationtypeID ${n} is not a vaccine type (${look.vaccineList})`);
  });
  const startDate = await attempt(() => sheetDate(get('Startdate'), 'Startdate'));
  const endDate = await attempt(() => sheetDate(get('Enddate'), 'Enddate'));
  if (startDate && endDate) {
    if (endDate < startDate) problems.push('Enddate is before Startdate');
    else if ((Date.parse(endDate) - Date.parse(startDate)) / 86_400_000 + 1 > MAX_ROW_DAYS)
      problems.push(`Startdate to Enddate spans more than ${MAX_ROW_DAYS} days`);
  }
  const online = await attempt(() => whole(get('onlineAppointmentVaccancy'), 'onlineAppointmentVaccancy', 0, 100_000));
  const times = await attempt(() => parseTimes(get('slots')));
  const daily = await attempt(() => whole(get('Vaccancy'), 'Vaccancy', 1, 100_000));
  if (online !== undefined && daily !== undefined && online > daily)
    problems.push(`onlineAppointmentVaccancy (${online}) is more than Vaccancy (${daily})`);
  if (problems.length) throw new RowError(problems.join('; '));
  return {
    ref: facilityRef(pincode!, name!),
    name: name!,
    incharge: incharge!,
    mobile: mobile!,
    lat: lat!,
    lng: lng!,
    state_id: state!,
    district_id: district!,
    block_id: block!,
    pincode: pincode!,
    block: blockName!,
    address: `${blockName}, ${get('District').trim()}, ${get('State').trim()} ${pincode}`,
    vaccine_id: vaccine!.id,
    startDate: startDate!,
    endDate: endDate!,
    times: times!,
    online: online!,
    daily: daily!,
  };
}

function sessionLabel(from: string): string {
  return from < '12:00' ? 'Morning' : from < '16:00' ? 'Afternoon' : 'Evening';
}

/** The sessions of a row: every day from Startdate to Enddate, the day's online seats spread over its slots. */
export function* sessionsOf(row: SheetRow): Generator<SheetSession> {
  const n = row.times.length;
  for (let t = Date.parse(row.startDate); t <= Date.parse(row.endDate); t += 86_400_000) {
    const date = new Date(t).toISOString().slice(0, 10);
    for (const [i, time] of row.times.entries()) {
      yield {
        date,
        from: time.from,
        to: time.to,
        label: sessionLabel(time.from),
        start_at: zonedInstant(date, time.from, ZONE).toISOString(),
        end_at: zonedInstant(date, time.to, ZONE).toISOString(),
        capacity: Math.floor(row.online / n) + (i < row.online % n ? 1 : 0),
      };
    }
  }
}

/** Two rows of one facility and vaccine whose dates and session times overlap would write the same sessions twice. */
export function overlaps(
  a: Pick<SheetRow, 'startDate' | 'endDate' | 'times'>,
  b: Pick<SheetRow, 'startDate' | 'endDate' | 'times'>,
): boolean {
  if (a.endDate < b.startDate || b.endDate < a.startDate) return false;
  return a.times.some((x) => b.times.some((y) => x.from < y.to && y.from < x.to));
}
