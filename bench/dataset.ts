// Generates the benchmark dataset straight through the store: real geography, vaccination
// centres on real pincodes with their slots, beneficiaries, the kids and video catalogues,
// and one 100-seat slot for the contention scenario. Multi-row inserts inside transactions.
import { zonedInstant } from '../src/core/shared/time.js';
import { loadGeography } from '../src/sandbox/geography.js';
import { loadKids } from '../src/sandbox/kids.js';
import { rng, type Rng } from '../src/sandbox/random.js';
import { SESSION_TIMES, VACCINE_TYPES } from '../src/sandbox/vaccination.js';
import { loadVideo } from '../src/sandbox/video.js';
import { batchSize, iso } from '../src/store/dialect.js';
import type { Store } from '../src/store/index.js';
import type { Scale } from './options.js';
import { insertBeneficiaries, type BeneficiaryPool } from './people.js';

export interface Dataset {
  /** First day with slots (YYYY-MM-DD, tomorrow in UTC so every slot is in the future). */
  firstDay: string;
  days: number;
  /** Distinct pincodes that have at least one centre. */
  pincodes: number[];
  /** Distinct districts that have at least one centre. */
  districts: number[];
  /** Centres open to adults (not an age-limited vaccine) with their first slot id. */
  centres: { id: number; firstSlot: number }[];
  slotsPerDay: number;
  beneficiaries: BeneficiaryPool;
  contention: { centreId: number; slotId: number; date: string };
  kids: {
    providers: { id: number; code: string; lat: number; lng: number; slotIds: number[] }[];
    services: { id: number; code: string }[];
  };
  video: { doctors: { id: number; code: string }[]; dates: string[] };
  counts: Record<string, number>;
  ms: Record<string, number>;
}

const KINDS = ['PHC', 'CHC', 'UPHC', 'Sub Centre', 'District Hospital', 'Civil Hospital'];
const INCHARGES = [
  'Sunil Kumar',
  'Anita Sharma',
  'Ramesh Iyer',
  'Fatima Shaikh',
  'Gurpreet Singh',
  'Lakshmi Nair',
  'Arjun Das',
  'Meena Patel',
];

function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
}

export async function generateDataset(
  store: Store,
  scale: Scale,
  guestId: number,
  log: (line: string) => void,
): Promise<Dataset> {
  const random = rng(20260501);
  const firstDay = addDays(new Date().toISOString().slice(0, 10), 1);
  const ms: Record<string, number> = {};
  const counts: Record<string, number> = {};
  const timed = async <T>(name: string, fn: () => Promise<T>): Promise<T> => {
    const t = Date.now();
    const out = await fn();
    ms[name] = Date.now() - t;
    log(`  ${name.padEnd(14)} ${(ms[name] / 1000).toFixed(1)} s`);
    return out;
  };

  const geo = await timed('geography', () => store.tx((trx) => loadGeography(trx)));
  Object.assign(counts, { pincodes_total: geo.pincodes, localities: geo.localities });

  const { centres, pincodes, districts, contention } = await timed('centres+slots', () =>
    generateCentres(store, random, scale, firstDay),
  );
  counts.centres = scale.centres;
  counts.vaccination_slots = scale.centres * scale.days * scale.slotsPerDay + 1;
  counts.pincodes_with_centres = pincodes.length;
  counts.districts_with_centres = districts.length;

  const beneficiaries = await timed('beneficiaries', () =>
    insertBeneficiaries(store, scale.beneficiaries, guestId, random, (done) => {
      if (scale.beneficiaries >= 1_000_000 && done % 1_000_000 === 0)
        log(`    ${done.toLocaleString('en')} beneficiaries`);
    }),
  );
  counts.beneficiaries = scale.beneficiaries;

  const { kids, video } = await timed('kids+video', () =>
    store.tx(async (trx) => {
      const days = Math.max(scale.days, 7);
      const kidsSummary = await loadKids(trx, random, { days, today: firstDay });
      const videoSummary = await loadVideo(trx, random, { days, today: firstDay });
      counts.kids_slots = kidsSummary.slots;
      counts.video_slots = videoSummary.slots;
      const providers = await trx
        .selectFrom('places')
        .select(['id', 'code', 'lat', 'lng'])
        .where('kind', 'in', ['clinic', 'home_visit'])
        .orderBy('id')
        .execute();
      // The sandbox's kids slots hold 1 to 3 children: a booking benchmark would sell them out
      // in a second and then measure refusals. Give them room for the whole run.
      await trx
        .updateTable('slots')
        .set({ capacity: 100_000 })
        .where(
          'place_id',
          'in',
          providers.map((p) => p.id),
        )
        .execute();
      const services = await trx
        .selectFrom('offerings')
        .select(['id', 'code'])
        .where('kind', '=', 'kids_service')
        .orderBy('id')
        .execute();
      const slots = await trx
        .selectFrom('slots')
        .select(['id', 'place_id'])
        .where(
          'place_id',
          'in',
          providers.map((p) => p.id),
        )
        .orderBy('id')
        .execute();
      const slotIds = new Map<number, number[]>(providers.map((p) => [p.id, []]));
      for (const slot of slots) slotIds.get(slot.place_id)!.push(slot.id);
      const doctors = await trx.selectFrom('practitioners').select(['id', 'code']).orderBy('id').execute();
      const dates: string[] = [];
      // Doctors' slots are generated for `days` days from now: stay inside that range.
      for (let d = 0; d < days - 1; d++) {
        const day = addDays(firstDay, d);
        const dow = new Date(`${day}T00:00:00Z`).getUTCDay();
        if (dow !== 5 && dow !== 6) dates.push(day);
      }
      return {
        kids: {
          providers: providers.map((p) => ({
            id: p.id,
            code: p.code,
            lat: Number(p.lat),
            lng: Number(p.lng),
            slotIds: slotIds.get(p.id)!,
          })),
          services,
        },
        video: { doctors, dates },
      };
    }),
  );
  return {
    firstDay,
    days: scale.days,
    pincodes,
    districts,
    centres,
    slotsPerDay: scale.slotsPerDay,
    beneficiaries,
    contention,
    kids,
    video,
    counts,
    ms,
  };
}

interface Locality {
  pincode: number;
  name: string;
  block_id: number | null;
  district_id: number;
  state_id: number;
  lat: number;
  lng: number;
}

async function generateCentres(store: Store, random: Rng, scale: Scale, firstDay: string) {
  const at = iso();
  const vaccines = await store.db
    .insertInto('offerings')
    .values(
      VACCINE_TYPES.map((v) => ({
        code: `vt-${v.n}`,
        kind: 'vaccine' as const,
        catalog: null,
        name: v.name,
        description: `${v.name} (${v.doses} doses, ${v.gap} days apart)`,
        price_minor: 0,
        currency: 'INR',
        min_age_months: v.min,
        max_age_months: v.max,
        doses: v.doses,
        dose_gap_days: v.gap,
        details: '{}',
        active: 1,
        created_at: at,
      })),
    )
    .returning(['id', 'max_age_months'])
    .execute();
  const localities: Locality[] = (
    await store.db
      .selectFrom('localities')
      .innerJoin('pincodes', 'pincodes.pincode', 'localities.pincode')
      .innerJoin('districts', 'districts.id', 'pincodes.district_id')
      .select([
        'localities.pincode',
        'localities.name',
        'pincodes.block_id',
        'pincodes.district_id',
        'districts.state_id',
        'pincodes.lat',
        'pincodes.lng',
      ])
      .where('pincodes.lat', 'is not', null)
      .orderBy('localities.id')
      .execute()
  ).map((l) => ({ ...l, lat: Number(l.lat), lng: Number(l.lng) }));

  // Slot instants are the same for every centre: compute them once.
  const times: { start_at: string; end_at: string; label: string }[] = [];
  for (let d = 0; d < scale.days; d++) {
    const date = addDays(firstDay, d);
    for (const t of SESSION_TIMES.slice(0, scale.slotsPerDay)) {
      times.push({
        start_at: iso(zonedInstant(date, t.from, 'Asia/Kolkata')),
        end_at: iso(zonedInstant(date, t.to, 'Asia/Kolkata')),
        label: t.label,
      });
    }
  }
  const centres: { id: number; firstSlot: number }[] = [];
  const pincodes = new Set<number>();
  const districts = new Set<number>();
  const chunk = 1000;
  for (let start = 0; start < scale.centres; start += chunk) {
    const n = Math.min(chunk, scale.centres - start);
    await store.tx(async (trx) => {
      const places = [];
      for (let i = start; i < start + n; i++) {
        const l = random.pick(localities);
        pincodes.add(l.pincode);
        districts.add(l.district_id);
        places.push({
          code: `cvc-${i + 1}`,
          kind: 'vaccination_centre' as const,
          name: `${random.pick(KINDS)} ${l.name}`,
          external_ref: null,
          incharge_name: random.pick(INCHARGES),
          mobile: String(random.int(7000000000, 9999999999)),
          address: `${l.name}, ${l.pincode}`,
          state_id: l.state_id,
          district_id: l.district_id,
          block_id: l.block_id,
          pincode: l.pincode,
          locality: l.name,
          area: random.next() < 0.4 ? 'Urban' : 'Rural',
          centre_type: random.next() < 0.85 ? 'Permanent' : 'Mobile',
          lat: l.lat + (random.next() - 0.5) * 0.02,
          lng: l.lng + (random.next() - 0.5) * 0.02,
          service_radius_km: null,
          timezone: 'Asia/Kolkata',
          owner_id: null,
          active: 1,
          created_at: at,
          updated_at: at,
        });
      }
      const ids: number[] = [];
      for (let i = 0; i < places.length; i += batchSize(22)) {
        const rows = await trx
          .insertInto('places')
          .values(places.slice(i, i + batchSize(22)))
          .returning(['id'])
          .execute();
        ids.push(...rows.map((r) => r.id));
      }
      const offer = ids.map((place_id) => ({ place_id, offering_id: random.pick(vaccines) }));
      const links = offer.map((o) => ({ place_id: o.place_id, offering_id: o.offering_id.id }));
      for (let i = 0; i < links.length; i += batchSize(2))
        await trx
          .insertInto('place_offerings')
          .values(links.slice(i, i + batchSize(2)))
          .execute();
      const slots = [];
      for (const o of offer) {
        const capacity = random.pick([20, 25, 30, 40, 50]);
        for (const t of times)
          slots.push({
            place_id: o.place_id,
            offering_id: o.offering_id.id,
            practitioner_id: null,
            ...t,
            capacity,
            created_at: at,
          });
      }
      const size = batchSize(9);
      const slotIds: number[] = [];
      for (let i = 0; i < slots.length; i += size) {
        const rows = await trx
          .insertInto('slots')
          .values(slots.slice(i, i + size))
          .returning(['id'])
          .execute();
        for (const r of rows) slotIds.push(r.id);
      }
      // Each centre's slots were inserted together, in `times` order.
      for (const [k, o] of offer.entries()) {
        const first = slotIds[k * times.length];
        if (slotIds[k * times.length + times.length - 1] !== first + times.length - 1)
          throw new Error('slot ids are not contiguous per centre');
        if (o.offering_id.max_age_months === null) centres.push({ id: o.place_id, firstSlot: first });
      }
    });
  }
  const contention = await store.tx(async (trx) => {
    const place = await trx
      .insertInto('places')
      .values({
        code: 'cvc-contention',
        kind: 'vaccination_centre',
        name: 'Bench Contention Centre',
        external_ref: null,
        incharge_name: 'Bench',
        mobile: null,
        address: null,
        state_id: localities[0].state_id,
        district_id: localities[0].district_id,
        block_id: localities[0].block_id,
        pincode: localities[0].pincode,
        locality: localities[0].name,
        area: 'Urban',
        centre_type: 'Permanent',
        lat: localities[0].lat,
        lng: localities[0].lng,
        service_radius_km: null,
        timezone: 'Asia/Kolkata',
        owner_id: null,
        active: 1,
        created_at: at,
        updated_at: at,
      })
      .returning(['id'])
      .executeTakeFirstOrThrow();
    const vt = vaccines.find((v) => v.max_age_months === null)!;
    await trx.insertInto('place_offerings').values({ place_id: place.id, offering_id: vt.id }).execute();
    const slot = await trx
      .insertInto('slots')
      .values({
        place_id: place.id,
        offering_id: vt.id,
        practitioner_id: null,
        ...times[0],
        capacity: 100,
        created_at: at,
      })
      .returning(['id'])
      .executeTakeFirstOrThrow();
    return { centreId: place.id, slotId: slot.id, date: firstDay };
  });
  return { centres, pincodes: [...pincodes], districts: [...districts], contention };
}
