// A Saudi kids-vaccination catalogue: services under the sandbox product code, clinics and
// home-visit teams around Riyadh and Jeddah, and 14 days of slots (Asia/Riyadh).
import { createSlots, type SlotInput } from '../core/scheduling/catalogue.js';
import { zonedInstant } from '../core/shared/time.js';
import { iso } from '../store/dialect.js';
import type { Conn } from '../store/index.js';
import type { Rng } from './random.js';
import { sessionDates } from './vaccination.js';

export const SANDBOX_PRD_ID = 'KV-SANDBOX';

const SERVICES = [
  {
    code: 'kv-hexa',
    name: 'Hexavalent vaccine (DTaP-IPV-Hib-HepB)',
    price: 35000,
    min: 2,
    max: 18,
    doses: 3,
    home: true,
    inclusions: ['Vaccine dose', 'Paediatric nurse visit', 'Vaccination card update'],
    instructions: ["Bring the child's vaccination card", 'Child may have a light meal before'],
  },
  {
    code: 'kv-pcv',
    name: 'Pneumococcal conjugate vaccine (PCV13)',
    price: 42000,
    min: 2,
    max: 59,
    doses: 3,
    home: true,
    inclusions: ['Vaccine dose', 'Post-vaccination observation (15 min)'],
    instructions: ['Tell the nurse about any fever in the last 48 hours'],
  },
  {
    code: 'kv-rota',
    name: 'Rotavirus vaccine (oral)',
    price: 28000,
    min: 2,
    max: 8,
    doses: 2,
    home: true,
    inclusions: ['Oral vaccine dose'],
    instructions: ['Do not feed the baby 30 minutes before the visit'],
  },
  {
    code: 'kv-mmr',
    name: 'MMR (measles, mumps, rubella)',
    price: 18000,
    min: 12,
    max: 72,
    doses: 2,
    home: true,
    inclusions: ['Vaccine dose', 'Vaccination card update'],
    instructions: ["Bring the child's vaccination card"],
  },
  {
    code: 'kv-varicella',
    name: 'Varicella (chickenpox)',
    price: 25000,
    min: 12,
    max: 155,
    doses: 2,
    home: true,
    inclusions: ['Vaccine dose'],
    instructions: ['Avoid aspirin for 6 weeks after the dose'],
  },
  {
    code: 'kv-hepa',
    name: 'Hepatitis A',
    price: 22000,
    min: 18,
    max: 215,
    doses: 2,
    home: false,
    inclusions: ['Vaccine dose', 'Paediatrician check'],
    instructions: ["Bring the child's vaccination card"],
  },
  {
    code: 'kv-flu',
    name: 'Seasonal influenza',
    price: 12000,
    min: 6,
    max: 215,
    doses: 1,
    home: true,
    inclusions: ['Vaccine dose'],
    instructions: ['Tell the nurse about egg allergies'],
  },
  {
    code: 'kv-mening',
    name: 'Meningococcal ACWY',
    price: 38000,
    min: 9,
    max: 215,
    doses: 1,
    home: false,
    inclusions: ['Vaccine dose', 'Paediatrician check'],
    instructions: ["Bring the child's vaccination card"],
  },
] as const;

const CITIES = [
  {
    city: 'Riyadh',
    lat: 24.7136,
    lng: 46.6753,
    districts: [
      'Al Olaya',
      'Al Malqa',
      'Al Nakheel',
      'Al Yasmin',
      'Al Sulimaniyah',
      'Al Rawdah',
      'Hittin',
      'Al Naseem',
    ],
  },
  {
    city: 'Jeddah',
    lat: 21.4858,
    lng: 39.1925,
    districts: ['Al Rawdah', 'Al Zahra', 'Al Shati', 'Al Hamra', 'Al Salamah', 'Obhur', 'Al Marwah'],
  },
] as const;

export async function loadKids(
  db: Conn,
  random: Rng,
  opts: { days: number; today: string },
): Promise<{ services: number; providers: number; slots: number }> {
  const at = iso();
  const services = await db
    .insertInto('offerings')
    .values(
      SERVICES.map((s) => ({
        code: s.code,
        kind: 'kids_service' as const,
        catalog: SANDBOX_PRD_ID,
        name: s.name,
        description: `${s.name}, given by a licensed paediatric nurse${s.home ? ' at home or in clinic' : ' in clinic'}.`,
        price_minor: s.price,
        currency: 'SAR',
        min_age_months: s.min,
        max_age_months: s.max,
        doses: s.doses,
        dose_gap_days: null,
        details: JSON.stringify({ inclusions: s.inclusions, instructions: s.instructions, home_visit: s.home }),
        active: 1,
        created_at: at,
      })),
    )
    .returning(['id', 'code'])
    .execute();
  const homeServices = services.filter((s) => SERVICES.find((x) => x.code === s.code)!.home);

  const slots: SlotInput[] = [];
  let providers = 0;
  for (const city of CITIES) {
    for (const [i, district] of city.districts.entries()) {
      for (const kind of ['clinic', 'home_visit'] as const) {
        if (kind === 'home_visit' && i % 2 === 1) continue;
        providers++;
        const place = await db
          .insertInto('places')
          .values({
            code: `kvp-${city.city.toLowerCase()}-${kind === 'clinic' ? 'c' : 'h'}${i + 1}`,
            kind,
            name:
              kind === 'clinic' ? `${district} Children's Clinic` : `${city.city} Home Vaccination Team ${i / 2 + 1}`,
            external_ref: null,
            incharge_name: null,
            mobile: null,
            address: `${district}, ${city.city}, Saudi Arabia`,
            state_id: null,
            district_id: null,
            block_id: null,
            pincode: null,
            locality: district,
            area: 'Urban',
            centre_type: null,
            lat: city.lat + (random.next() - 0.5) * 0.25,
            lng: city.lng + (random.next() - 0.5) * 0.25,
            service_radius_km: kind === 'clinic' ? 15 : 30,
            timezone: 'Asia/Riyadh',
            owner_id: null,
            active: 1,
            created_at: at,
            updated_at: at,
          })
          .returning(['id'])
          .executeTakeFirstOrThrow();
        const offered = kind === 'clinic' ? services : homeServices;
        await db
          .insertInto('place_offerings')
          .values(offered.map((s) => ({ place_id: place.id, offering_id: s.id })))
          .execute();
        slots.push(...providerSlots(place.id, kind, sessionDates(opts.today, opts.days)));
      }
    }
  }
  await createSlots(db, slots);
  return { services: services.length, providers, slots: slots.length };
}

/** Hourly slots 09:00–21:00 Asia/Riyadh of a sandbox provider on each of `dates`. */
export function providerSlots(placeId: number, kind: 'clinic' | 'home_visit', dates: string[]): SlotInput[] {
  return dates.flatMap((date) =>
    Array.from({ length: 12 }, (_, i) => {
      const from = `${String(9 + i).padStart(2, '0')}:00`;
      const to = `${String(10 + i).padStart(2, '0')}:00`;
      return {
        place_id: placeId,
        offering_id: null,
        practitioner_id: null,
        label: `${from}-${to}`,
        capacity: kind === 'clinic' ? 3 : 1,
        start_at: iso(zonedInstant(date, from, 'Asia/Riyadh')),
        end_at: iso(zonedInstant(date, to, 'Asia/Riyadh')),
      };
    }),
  );
}
