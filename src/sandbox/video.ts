// Specialities and doctors for video consultations. Each doctor gets weekly working hours
// (Sunday to Thursday, Asia/Riyadh) and the slot generator cuts them into one-patient slots
// for the coming days, exactly as the admin API does for real doctors.
import { generateSlots } from '../core/video/generate.js';
import { createDoctor, createSpeciality } from '../core/video/manage.js';
import { addTimeOff, replaceWorkingHours, type WorkingHours } from '../core/video/schedule.js';
import { zonedInstant } from '../core/shared/time.js';
import type { Conn } from '../store/index.js';
import type { Rng } from './random.js';

const SPECIALITIES = [
  ['sp-gp', 'General Practice'],
  ['sp-peds', 'Pediatrics'],
  ['sp-derm', 'Dermatology'],
  ['sp-im', 'Internal Medicine'],
  ['sp-obgyn', 'Obstetrics & Gynecology'],
  ['sp-psych', 'Psychiatry'],
  ['sp-ent', 'Ear, Nose & Throat'],
  ['sp-nutr', 'Clinical Nutrition'],
] as const;
const FIRST = {
  male: ['Ahmed', 'Mohammed', 'Khalid', 'Omar', 'Faisal', 'Yousef', 'Saad', 'Abdullah'],
  female: ['Sara', 'Noura', 'Reem', 'Lama', 'Huda', 'Maha', 'Aisha', 'Dana'],
};
const LAST = [
  'Al-Qahtani',
  'Al-Harbi',
  'Al-Otaibi',
  'Al-Ghamdi',
  'Al-Zahrani',
  'Al-Shehri',
  'Al-Dossari',
  'Al-Mutairi',
  'Al-Anazi',
  'Al-Subaie',
];
/** Daily shifts; the last one is split around a break. */
const SHIFTS = [
  [['09:00', '13:00']],
  [['13:00', '17:00']],
  [['17:00', '21:00']],
  [['19:00', '23:00']],
  [
    ['09:00', '12:00'],
    ['16:00', '20:00'],
  ],
] as const;
const SUB = {
  'sp-peds': 'Neonatology',
  'sp-derm': 'Cosmetic Dermatology',
  'sp-im': 'Endocrinology',
  'sp-psych': 'Child Psychiatry',
} as Record<string, string>;
const TZ = 'Asia/Riyadh';

export async function loadVideo(
  db: Conn,
  random: Rng,
  opts: { days: number; today: string },
): Promise<{ specialities: number; doctors: number; slots: number }> {
  let doctors = 0;
  let slots = 0;
  for (const [code, name] of SPECIALITIES) {
    await createSpeciality(db, { spec_id: code, name, description: `Video consultation with a ${name} doctor` });
    for (let k = 0; k < 5; k++) {
      const gender = random.next() < 0.5 ? 'male' : 'female';
      const doctor = await createDoctor(db, {
        doctor_id: `doc-${code.slice(3)}-${k + 1}`,
        spec_id: code,
        title: 'Dr.',
        first_name: random.pick(FIRST[gender]),
        last_name: random.pick(LAST),
        gender,
        photo_url: `https://i.pravatar.cc/300?u=careslot-${code}-${k}`,
        languages: random.next() < 0.6 ? ['ar', 'en'] : ['ar'],
        classification: random.pick(['Consultant', 'Specialist', 'Senior Registrar']),
        sub_speciality: k === 0 ? (SUB[code] ?? null) : null,
        qualifications: [
          ...random.pick([
            ['MBBS', 'SBIM'],
            ['MBBS', 'MRCP'],
            ['MD', 'Saudi Board'],
          ]),
        ],
        experience_years: random.int(4, 25),
        rating: Math.round((3.8 + random.next() * 1.2) * 10) / 10,
        national_id: String(random.int(1000000000, 1999999999)),
        licence_no: `SCFHS-${random.int(100000, 999999)}`,
        timezone: TZ,
        fee_minor: random.pick([9000, 12000, 15000, 20000]),
        currency: 'SAR',
        slot_minutes: random.pick([15, 20, 30]),
      });
      const shift = random.pick(SHIFTS);
      const week: WorkingHours[] = [0, 1, 2, 3, 4].flatMap((weekday) =>
        shift.map(([start, end]) => ({ weekday, start, end })),
      );
      await replaceWorkingHours(db, doctor.id, week);
      if (k === 4) {
        // The fifth doctor of each speciality is away on the third day: time off in action.
        const day = new Date(Date.parse(`${opts.today}T00:00:00Z`) + 2 * 86_400_000).toISOString().slice(0, 10);
        await addTimeOff(db, doctor.id, {
          starts_at: zonedInstant(day, '00:00', TZ).toISOString(),
          ends_at: zonedInstant(day, '23:59', TZ).toISOString(),
          reason: 'Conference',
        });
      }
      slots += (await generateSlots(db, doctor.id, { days: opts.days })).created;
      doctors++;
    }
  }
  return { specialities: SPECIALITIES.length, doctors, slots };
}
