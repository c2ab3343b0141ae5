// Specialities and doctors for video consultations, each doctor with working hours in
// Asia/Riyadh and 14 days of one-patient slots.
import { createSlots, type SlotInput } from '../core/catalogue.js';
import { zonedInstant } from '../core/time.js';
import { iso } from '../store/dialect.js';
import type { Conn } from '../store/index.js';
import type { Rng } from './random.js';

const SPECIALITIES = [
  ['sp-gp', 'General Practice'], ['sp-peds', 'Pediatrics'], ['sp-derm', 'Dermatology'], ['sp-im', 'Internal Medicine'],
  ['sp-obgyn', 'Obstetrics & Gynecology'], ['sp-psych', 'Psychiatry'], ['sp-ent', 'Ear, Nose & Throat'], ['sp-nutr', 'Clinical Nutrition'],
] as const;
const FIRST = { male: ['Ahmed', 'Mohammed', 'Khalid', 'Omar', 'Faisal', 'Yousef', 'Saad', 'Abdullah'], female: ['Sara', 'Noura', 'Reem', 'Lama', 'Huda', 'Maha', 'Aisha', 'Dana'] };
const LAST = ['Al-Qahtani', 'Al-Harbi', 'Al-Otaibi', 'Al-Ghamdi', 'Al-Zahrani', 'Al-Shehri', 'Al-Dossari', 'Al-Mutairi', 'Al-Anazi', 'Al-Subaie'];
const HOURS = [['09:00', '13:00'], ['13:00', '17:00'], ['17:00', '21:00'], ['19:00', '23:00']] as const;

export async function loadVideo(db: Conn, random: Rng, opts: { days: number; today: string }): Promise<{ specialities: number; doctors: number; slots: number }> {
  const at = iso();
  const clinic = await db.insertInto('places').values({
    code: 'vc-clinic', kind: 'virtual_clinic', name: 'Careslot Video Clinic', external_ref: null, incharge_name: null, mobile: null,
    address: null, state_id: null, district_id: null, block_id: null, pincode: null, locality: null, area: null, centre_type: null,
    lat: null, lng: null, service_radius_km: null, timezone: 'Asia/Riyadh', owner_id: null, active: 1, created_at: at, updated_at: at,
  }).returning(['id']).executeTakeFirstOrThrow();
  const specs = await db.insertInto('offerings').values(SPECIALITIES.map(([code, name]) => ({
    code, kind: 'speciality' as const, catalog: null, name, description: `Video consultation with a ${name} doctor`,
    price_minor: null, currency: 'SAR', min_age_months: null, max_age_months: null, doses: null, dose_gap_days: null,
    details: '{}', active: 1, created_at: at,
  }))).returning(['id', 'code']).execute();

  const slots: SlotInput[] = [];
  let doctors = 0;
  for (const spec of specs) {
    for (let k = 0; k < 5; k++) {
      const gender = random.next() < 0.5 ? 'male' : 'female';
      const minutes = random.pick([15, 20, 30]);
      const fee = random.pick([9000, 12000, 15000, 20000]);
      const hours = random.pick(HOURS);
      const doctor = await db.insertInto('practitioners').values({
        code: `doc-${spec.code.slice(3)}-${k + 1}`, place_id: clinic.id, offering_id: spec.id, title: 'Dr.',
        first_name: random.pick(FIRST[gender]), last_name: random.pick(LAST), gender,
        photo_url: `https://i.pravatar.cc/300?u=careslot-${spec.code}-${k}`,
        languages: JSON.stringify(random.next() < 0.6 ? ['ar', 'en'] : ['ar']),
        details: JSON.stringify({
          classification: random.pick(['Consultant', 'Specialist', 'Senior Registrar']),
          sub_speciality: null, qualifications: random.pick([['MBBS', 'SBIM'], ['MBBS', 'MRCP'], ['MD', 'Saudi Board']]),
          experience_years: random.int(4, 25), rating: Math.round((3.8 + random.next() * 1.2) * 10) / 10,
          working_hours: { from: hours[0], to: hours[1], days: [0, 1, 2, 3, 4] },
        }),
        national_id: String(random.int(1000000000, 1999999999)), licence_no: `SCFHS-${random.int(100000, 999999)}`,
        timezone: 'Asia/Riyadh', fee_minor: fee, currency: 'SAR', slot_minutes: minutes, active: 1, created_at: at,
      }).returning(['id']).executeTakeFirstOrThrow();
      doctors++;
      const base = new Date(`${opts.today}T00:00:00Z`);
      for (let d = 0; d < opts.days; d++) {
        const day = new Date(base.getTime() + d * 86_400_000);
        if (day.getUTCDay() === 5 || day.getUTCDay() === 6) continue; // Friday and Saturday off
        const date = day.toISOString().slice(0, 10);
        const start = zonedInstant(date, hours[0], 'Asia/Riyadh').getTime();
        const end = zonedInstant(date, hours[1], 'Asia/Riyadh').getTime();
        for (let t = start; t + minutes * 60_000 <= end; t += minutes * 60_000) {
          slots.push({ place_id: clinic.id, offering_id: spec.id, practitioner_id: doctor.id, label: null, capacity: 1,
            start_at: iso(new Date(t)), end_at: iso(new Date(t + minutes * 60_000)) });
        }
      }
    }
  }
  await createSlots(db, slots);
  return { specialities: specs.length, doctors, slots: slots.length };
}
