// The scenarios: each builds its n-th request (path, headers, body) from the dataset, so
// every request is different where it must be (distinct people, references, slots) and
// spread over the data where it should be (random pincodes, centres, doctors).
import { signRequest } from '../src/core/partners/signing.js';
import type { Accounts } from './accounts.js';
import type { Dataset } from './dataset.js';
import { newBeneficiaryBody, type Beneficiary } from './people.js';
import type { RushCentre } from './rush.js';

export interface Request {
  method: 'GET' | 'POST';
  path: string;
  headers: Record<string, string>;
  body?: string;
}

export interface Scenario {
  name: string;
  /** What the target table compares it with (see docs/performance.md). */
  group: 'ceiling' | 'floor' | 'read' | 'write';
  target: 'ceiling' | 'floor' | 'careslot';
  next(n: number): Request;
  /** Requests it can make before it runs out of distinct data (undefined: unlimited). */
  limit?: number;
  /** Connections for this scenario (default: --connections). */
  connections?: number;
  /** A non-2xx answer the scenario expects (counted apart, not as an error). */
  expected?: (status: number, body: string) => boolean;
}

export interface ScenarioContext {
  data: Dataset;
  accounts: Accounts;
  /** Sample beneficiaries reserved for the schedule scenario, with their tokens. */
  schedule: { people: Beneficiary[]; tokens: string[] };
  /** The rush's popular centres and the beneficiaries (with tokens) it books with. */
  rush: { centres: RushCentre[]; people: Beneficiary[]; tokens: string[] };
  /** Distinct future video slots (API slot ids) for video /book, one per request. */
  videoBook: { doctor: string; slotId: string }[];
  kidsPrefix: string;
  videoPrefix: string;
  runSalt: number;
}

/** The rush: this many connections, and one request in RUSH_BOOK_EVERY is a booking. */
export const RUSH_CONNECTIONS = 1000;
export const RUSH_BOOK_EVERY = 20;
/** The CoWIN code of "the slot is completely booked", the 409 a rush booking may expect. */
const SLOT_FULL = 'APPOIN0040';

const KIDS_BOOKABLE = ['kv-hexa', 'kv-pcv', 'kv-mmr', 'kv-varicella', 'kv-flu'];
const JSON_HEADERS = { 'content-type': 'application/json' };

/** dd-mm-yyyy from YYYY-MM-DD. */
export const cowinDate = (day: string) => `${day.slice(8, 10)}-${day.slice(5, 7)}-${day.slice(0, 4)}`;
const addDays = (day: string, n: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

/** A small fast PRNG for picking request data (not the dataset's). */
function picker(seed: number) {
  let a = seed >>> 0;
  return (n: number) => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) % n;
  };
}

export function scenarios(ctx: ScenarioContext): Scenario[] {
  const { data, accounts } = ctx;
  const pick = picker(ctx.runSalt);
  const guest = { authorization: `Bearer ${accounts.guestToken}` };
  const signed = (method: 'GET' | 'POST', path: string, body: string): Request => {
    const cmt = signRequest({ secret: accounts.partner.secret, method, url: path, body }).header;
    return { method, path, headers: { ...JSON_HEADERS, authorization: `Bearer ${accounts.partner.token}`, cmt }, body };
  };
  const kidsDay = (k: number) => addDays(data.firstDay, k % Math.max(1, data.days));
  const prdId = accounts.partner.prdId;
  const findByCenter = (c: { id: number }) => ({
    method: 'GET' as const,
    headers: guest,
    path: `/api/v1/appointment/timeslots/findByCenter?center_id=${c.id}&from=${cowinDate(data.firstDay)}&to=${cowinDate(addDays(data.firstDay, data.days - 1))}`,
  });
  const schedule = (c: { id: number; firstSlot: number }, b: Beneficiary, token: string): Request => {
    const k = pick(data.days * data.slotsPerDay);
    const day = addDays(data.firstDay, Math.floor(k / data.slotsPerDay));
    return {
      method: 'POST',
      path: '/api/v1/appointment/scheduleAppointment',
      headers: { authorization: `Bearer ${token}`, ...JSON_HEADERS },
      body: JSON.stringify({
        center_id: c.id,
        date: cowinDate(day),
        slot_id: c.firstSlot + k,
        beneficiaries: [b.referenceId],
      }),
    };
  };
  const rush = ctx.rush;

  return [
    {
      name: 'ceiling',
      group: 'ceiling',
      target: 'ceiling',
      next: () => ({ method: 'GET', path: '/', headers: {} }),
    },
    {
      name: 'fastify floor',
      group: 'floor',
      target: 'floor',
      next: () => ({ method: 'GET', path: '/', headers: {} }),
    },
    {
      name: 'centers/findByPin',
      group: 'read',
      target: 'careslot',
      next: () => ({
        method: 'GET',
        path: `/api/v1/appointment/centers/findByPin?pin=${data.pincodes[pick(data.pincodes.length)]}`,
        headers: guest,
      }),
    },
    {
      name: 'centers/findByDistrict',
      group: 'read',
      target: 'careslot',
      next: () => ({
        method: 'GET',
        path: `/api/v1/appointment/centers/findByDistrict?district_id=${data.districts[pick(data.districts.length)]}`,
        headers: guest,
      }),
    },
    {
      name: 'timeslots/findByCenter',
      group: 'read',
      target: 'careslot',
      next: () => {
        return findByCenter(data.centres[pick(data.centres.length)]);
      },
    },
    {
      name: 'v2 findByPin',
      group: 'read',
      target: 'careslot',
      next: () => ({
        method: 'GET',
        path: `/api/v2/appointment/sessions/public/findByPin?pincode=${data.pincodes[pick(data.pincodes.length)]}&date=${cowinDate(addDays(data.firstDay, pick(data.days)))}`,
        headers: {},
      }),
    },
    {
      name: 'v2 calendarByPin',
      group: 'read',
      target: 'careslot',
      next: () => ({
        method: 'GET',
        path: `/api/v2/appointment/sessions/public/calendarByPin?pincode=${data.pincodes[pick(data.pincodes.length)]}&date=${cowinDate(data.firstDay)}`,
        headers: {},
      }),
    },
    {
      name: 'kids /browse',
      group: 'read',
      target: 'careslot',
      next: () => {
        const p = data.kids.providers[pick(data.kids.providers.length)];
        const s = data.kids.services[pick(data.kids.services.length)];
        const body = JSON.stringify({
          prd_id: prdId,
          services: [s.code],
          date: kidsDay(pick(7)),
          location: { lat: p.lat + 0.01, lng: p.lng - 0.01 },
        });
        return signed('POST', `${ctx.kidsPrefix}/browse`, body);
      },
    },
    {
      name: 'video /slots',
      group: 'read',
      target: 'careslot',
      next: () => {
        const d = data.video.doctors[pick(data.video.doctors.length)];
        const day = data.video.dates[pick(data.video.dates.length)];
        return {
          method: 'GET',
          path: `${ctx.videoPrefix}/slots?doctor_id=${encodeURIComponent(d.code)}&date=${day}`,
          headers: {},
        };
      },
    },
    {
      name: 'beneficiary/add',
      group: 'write',
      target: 'careslot',
      next: (n) => ({
        method: 'POST',
        path: '/api/v1/registration/beneficiary/add',
        headers: { ...guest, ...JSON_HEADERS },
        body: JSON.stringify(newBeneficiaryBody(n, ctx.runSalt % 100)),
      }),
    },
    {
      name: 'scheduleAppointment',
      group: 'write',
      target: 'careslot',
      limit: ctx.schedule.people.length,
      next: (n) => {
        // Past the pool, beneficiaries repeat: the API then refuses them (one active appointment
        // each) and the table shows those refusals as errors: make the pool bigger.
        const i = n % ctx.schedule.people.length;
        return schedule(data.centres[pick(data.centres.length)], ctx.schedule.people[i], ctx.schedule.tokens[i]);
      },
    },
    {
      name: 'kids /book',
      group: 'write',
      target: 'careslot',
      next: (n) => {
        // A 13-month-old child; these services suit that age and every provider (clinic or home visit) offers them.
        const p = data.kids.providers[pick(data.kids.providers.length)];
        const slot = p.slotIds[pick(p.slotIds.length)];
        const body = JSON.stringify({
          prd_id: prdId,
          partner_reference: `bench-${ctx.runSalt}-${n}`,
          services: [KIDS_BOOKABLE[pick(KIDS_BOOKABLE.length)]],
          provider_id: p.code,
          slot_id: String(slot),
          child: { name: 'Aanya Rao', birth_date: addDays(data.firstDay, -400), gender: 'female' },
          guardian: { name: 'Kiran Rao', mobile: `9${String(100_000_000 + n).padStart(9, '0')}` },
        });
        return signed('POST', `${ctx.kidsPrefix}/book`, body);
      },
    },
    {
      name: 'video /book',
      group: 'write',
      target: 'careslot',
      limit: ctx.videoBook.length,
      next: (n) => {
        // Past the pool, slots repeat: the API refuses a taken slot (1005), counted as errors.
        const { doctor, slotId } = ctx.videoBook[n % ctx.videoBook.length];
        const body = JSON.stringify({
          partner_reference: `bench-${ctx.runSalt}-v${n}`,
          doctor_id: doctor,
          slot_id: slotId,
          patient: {
            name: 'Fahad Al-Otaibi',
            mobile: `+9665${String(10_000_000 + n).padStart(8, '0')}`,
            gender: 'male',
            birth_date: '1990-04-12',
          },
        });
        return signed('POST', `${ctx.videoPrefix}/book`, body);
      },
    },
    {
      // 4 pm: everyone polls the same district; 1 request in RUSH_BOOK_EVERY books one of its
      // popular centres' slots for a beneficiary not used before. Once the beneficiaries run
      // out the rush only reads. A 409 "completely booked" is expected, not an error.
      name: 'rush',
      group: 'write',
      target: 'careslot',
      connections: RUSH_CONNECTIONS,
      expected: (status, body) => status === 409 && body.includes(SLOT_FULL),
      next: (n) => {
        const c = rush.centres[pick(rush.centres.length)];
        const b = n % RUSH_BOOK_EVERY === 0 ? n / RUSH_BOOK_EVERY : -1;
        if (b >= 0 && b < rush.people.length) return schedule(c, rush.people[b], rush.tokens[b]);
        if (pick(2) === 0) return findByCenter(c);
        const path =
          pick(2) === 0
            ? `/api/v1/appointment/centers/findByDistrict?district_id=${c.districtId}`
            : `/api/v1/appointment/centers/findByPin?pin=${c.pincode}`;
        return { method: 'GET', path, headers: guest };
      },
    },
  ];
}
