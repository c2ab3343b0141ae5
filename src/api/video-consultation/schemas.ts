// TypeBox schemas of the Video Consultation API, each with an example. Field names follow
// the contract in issue 6 / DESIGN.md ("The partner APIs"); fields may be added, not renamed.
import { Type } from '@sinclair/typebox';
import { CHECKOUT_URL_FIELDS } from '../partner/envelope.js';

const EX_DOCTOR = 'doc-gp-1';
const EX_SLOT = 'sl_Qm3x0c2Gq7H1yV5o8kLr2A';
const EX_BOOKING = 'bk_3kq8m2x7p1w9z4c6';

export const MoneySchema = Type.Object(
  {
    amount: Type.Integer({ description: 'Minor units (9000 = SAR 90.00)' }),
    currency: Type.String({ description: 'ISO 4217 code' }),
    display: Type.String({ description: 'What to show the patient' }),
  },
  { $id: 'VideoMoney', examples: [{ amount: 9000, currency: 'SAR', display: 'SAR 90' }] },
);

export const SlotSchema = Type.Object(
  {
    slot_id: Type.String({ description: 'Opaque; pass it to /book or /reschedule' }),
    start: Type.String({ description: "ISO-8601 in the doctor's time zone (with its offset)" }),
    end: Type.String({ description: "ISO-8601 in the doctor's time zone (with its offset)" }),
  },
  {
    $id: 'VideoSlot',
    examples: [{ slot_id: EX_SLOT, start: '2026-11-24T09:00:00+03:00', end: '2026-11-24T09:20:00+03:00' }],
  },
);

export const SpecialitySchema = Type.Object(
  {
    spec_id: Type.String(),
    name: Type.String(),
    description: Type.Union([Type.String(), Type.Null()]),
    doctors: Type.Integer({ description: 'Doctors of this speciality' }),
  },
  {
    examples: [
      {
        spec_id: 'sp-gp',
        name: 'General Practice',
        description: 'Video consultation with a General Practice doctor',
        doctors: 5,
      },
    ],
  },
);

const EX_DOCTOR_INFO = {
  doctor_id: EX_DOCTOR,
  spec_id: 'sp-gp',
  speciality: 'General Practice',
  name: 'Dr. Sara Al-Harbi',
  title: 'Dr.',
  first_name: 'Sara',
  last_name: 'Al-Harbi',
  gender: 'female',
  photo_url: 'https://i.pravatar.cc/300?u=careslot-sp-gp-0',
  languages: ['ar', 'en'],
  classification: 'Consultant',
  sub_speciality: null,
  qualifications: ['MBBS', 'SBIM'],
  experience_years: 12,
  rating: 4.7,
  consultation_minutes: 20,
  timezone: 'Asia/Riyadh',
  fee: { amount: 9000, currency: 'SAR', display: 'SAR 90' },
};

const doctorFields = {
  doctor_id: Type.String(),
  spec_id: Type.String(),
  speciality: Type.String(),
  name: Type.String({ description: 'Title, first and last name' }),
  title: Type.Union([Type.String(), Type.Null()]),
  first_name: Type.String(),
  last_name: Type.String(),
  gender: Type.Union([Type.String(), Type.Null()]),
  photo_url: Type.Union([Type.String(), Type.Null()]),
  languages: Type.Array(Type.String(), { description: 'ISO 639-1 codes' }),
  classification: Type.Union([Type.String(), Type.Null()]),
  sub_speciality: Type.Union([Type.String(), Type.Null()]),
  qualifications: Type.Array(Type.String()),
  experience_years: Type.Union([Type.Integer(), Type.Null()]),
  rating: Type.Union([Type.Number(), Type.Null()]),
  consultation_minutes: Type.Integer(),
  timezone: Type.String({ description: 'IANA time zone of the doctor; slot times are given in it' }),
  fee: Type.Union([Type.Ref(MoneySchema), Type.Null()]),
};
export const DoctorSchema = Type.Object(doctorFields, { $id: 'VideoDoctor', examples: [EX_DOCTOR_INFO] });

export const ListedDoctorSchema = Type.Object({
  ...doctorFields,
  next_available_slot: Type.Union([Type.Ref(SlotSchema), Type.Null()], {
    description: 'Earliest bookable free slot in the coming days, or null',
  }),
});

export const SpecialitiesInfo = Type.Object({ specialities: Type.Array(SpecialitySchema) });
export const SPECIALITIES_EXAMPLE = { specialities: [SpecialitySchema.examples[0]] };

export const DoctorsQuery = Type.Object(
  {
    spec_id: Type.String({ minLength: 1, maxLength: 64, description: 'From GET /specialities', examples: ['sp-gp'] }),
    lang: Type.Optional(
      Type.String({
        pattern: '^[A-Za-z]{2,3}$',
        description: 'Only doctors speaking this language (ISO 639-1, e.g. en)',
        examples: ['en'],
      }),
    ),
  },
  { examples: [{ spec_id: 'sp-gp', lang: 'en' }] },
);
export const DoctorsInfo = Type.Object({ spec_id: Type.String(), doctor: Type.Array(ListedDoctorSchema) });
export const DOCTORS_EXAMPLE = {
  spec_id: 'sp-gp',
  doctor: [{ ...EX_DOCTOR_INFO, next_available_slot: SlotSchema.examples[0] }],
};

export const SlotsQuery = Type.Object(
  {
    doctor_id: Type.String({ minLength: 1, maxLength: 64, examples: [EX_DOCTOR] }),
    date: Type.String({
      pattern: '^\\d{4}-\\d{2}-\\d{2}$',
      description: "YYYY-MM-DD, a day in the doctor's time zone",
      examples: ['2026-11-24'],
    }),
  },
  { examples: [{ doctor_id: EX_DOCTOR, date: '2026-11-24' }] },
);
export const SlotsInfo = Type.Object({
  doctor_id: Type.String(),
  date: Type.String(),
  timezone: Type.String(),
  doctor: Type.Ref(DoctorSchema),
  slots: Type.Array(Type.Ref(SlotSchema)),
});
export const SLOTS_EXAMPLE = {
  doctor_id: EX_DOCTOR,
  date: '2026-11-24',
  timezone: 'Asia/Riyadh',
  doctor: EX_DOCTOR_INFO,
  slots: [SlotSchema.examples[0]],
};

export const PatientSchema = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 120 }),
    mobile: Type.String({ pattern: '^\\+?[0-9]{8,15}$', description: 'Digits, optionally with a leading +' }),
    gender: Type.Union([Type.Literal('male'), Type.Literal('female')]),
    birth_date: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD' }),
  },
  {
    additionalProperties: false,
    examples: [{ name: 'Fahad Al-Otaibi', mobile: '+966501234567', gender: 'male', birth_date: '1990-04-12' }],
  },
);

const PartnerReference = Type.String({
  minLength: 1,
  maxLength: 64,
  pattern: '^[A-Za-z0-9._:-]+$',
  description: 'Your own id for this booking; a retry with the same reference and payload returns the same booking',
  examples: ['ord-20261124-0001'],
});

export const BookBody = Type.Object(
  {
    partner_reference: PartnerReference,
    doctor_id: Type.String({ minLength: 1, maxLength: 64 }),
    slot_id: Type.String({ minLength: 1, maxLength: 64 }),
    patient: PatientSchema,
    reason: Type.Optional(
      Type.String({ maxLength: 500, description: 'Why the patient wants the consultation (shown to the doctor)' }),
    ),
    ...CHECKOUT_URL_FIELDS,
  },
  {
    additionalProperties: false,
    examples: [
      {
        partner_reference: 'ord-20261124-0001',
        doctor_id: EX_DOCTOR,
        slot_id: EX_SLOT,
        patient: PatientSchema.examples[0],
        reason: 'Persistent cough for a week',
        return_url: 'https://app.example.com/bookings/done',
        cancel_url: 'https://app.example.com/bookings/cancelled',
      },
    ],
  },
);

export const BookingIdBody = Type.Object(
  { booking_id: Type.String({ minLength: 1, maxLength: 64 }) },
  { additionalProperties: false, examples: [{ booking_id: EX_BOOKING }] },
);
export const RescheduleBody = Type.Object(
  {
    booking_id: Type.String({ minLength: 1, maxLength: 64 }),
    slot_id: Type.String({ minLength: 1, maxLength: 64, description: 'Another free slot of the same doctor' }),
  },
  { additionalProperties: false, examples: [{ booking_id: EX_BOOKING, slot_id: 'sl_Zp0Yx8c4Vb2Nn6Mm1Ll3Kk' }] },
);
export const BookingParams = Type.Object(
  { booking_id: Type.String({ minLength: 1, maxLength: 64 }) },
  { examples: [{ booking_id: EX_BOOKING }] },
);

export const BookingInfo = Type.Object({
  booking_id: Type.String(),
  partner_reference: Type.String(),
  status: Type.String({ description: 'held (waiting for payment) | confirmed | completed | cancelled | expired' }),
  doctor_id: Type.String(),
  doctor_name: Type.String(),
  spec_id: Type.String(),
  slot: Type.Ref(SlotSchema),
  patient: Type.Object({
    name: Type.String(),
    mobile: Type.String({ description: 'Masked' }),
    gender: Type.Union([Type.String(), Type.Null()]),
    birth_date: Type.Union([Type.String(), Type.Null()]),
  }),
  reason: Type.Union([Type.String(), Type.Null()]),
  amount: Type.Ref(MoneySchema),
  payment_status: Type.Union([Type.String(), Type.Null()], {
    description: 'pending | paid | declined | refund_due | refunded',
  }),
  payment_url: Type.Union([Type.String(), Type.Null()], {
    description: 'Checkout page while the booking is held; null otherwise',
  }),
  expires_at: Type.Union([Type.String(), Type.Null()], {
    description: 'When an unpaid hold ends and the slot is released (UTC)',
  }),
  join_url: Type.Optional(Type.String({ description: 'Present once confirmed: the consultation room' })),
  join_valid_from: Type.Optional(
    Type.String({ description: 'The room opens this many minutes before the slot (UTC)' }),
  ),
  join_valid_until: Type.Optional(Type.String({ description: 'End of the slot (UTC)' })),
  created_at: Type.String(),
});

const EX_BOOKING_INFO = {
  booking_id: EX_BOOKING,
  partner_reference: 'ord-20261124-0001',
  status: 'held',
  doctor_id: EX_DOCTOR,
  doctor_name: 'Dr. Sara Al-Harbi',
  spec_id: 'sp-gp',
  slot: SlotSchema.examples[0],
  patient: { name: 'Fahad Al-Otaibi', mobile: '*****4567', gender: 'male', birth_date: '1990-04-12' },
  reason: 'Persistent cough for a week',
  amount: { amount: 9000, currency: 'SAR', display: 'SAR 90' },
  payment_status: 'pending',
  payment_url: 'http://127.0.0.1:3000/payments/v1/sandbox/checkout/pay_7fq3x9k2m4p8r1t6v0w5y2z3',
  expires_at: '2026-11-23T16:45:00.000Z',
  created_at: '2026-11-23T16:30:00.000Z',
};
export const BOOKING_EXAMPLE = EX_BOOKING_INFO;
export const CONFIRMED_EXAMPLE = {
  ...EX_BOOKING_INFO,
  status: 'confirmed',
  payment_status: 'paid',
  payment_url: null,
  expires_at: null,
  join_url: 'https://meet.jit.si/careslot-k3m9x2q7w4p8z6c1v5b3n7h2fd',
  join_valid_from: '2026-11-24T05:50:00.000Z',
  join_valid_until: '2026-11-24T06:20:00.000Z',
};
