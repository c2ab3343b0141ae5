// The request and response schemas of /admin/v1/video/... (./video.ts), with their examples.
import { Type } from '@fastify/type-provider-typebox';
import { OPERATOR_SECURITY } from './guard.js';

export const TAGS = ['Operators'];
export const common = { tags: TAGS, security: OPERATOR_SECURITY };
export const Str = (o = {}) => Type.String({ minLength: 1, maxLength: 200, ...o });
export const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Optional(Type.Union([t, Type.Null()]));
export const Time = Type.String({
  pattern: '^([01]\\d|2[0-3]):[0-5]\\d$|^24:00$',
  description: 'HH:MM local time (24:00 allowed as an end)',
});

export const Hours = Type.Array(
  Type.Object(
    {
      weekday: Type.Integer({ minimum: 0, maximum: 6, description: '0 = Sunday … 6 = Saturday' }),
      start: Time,
      end: Time,
    },
    { additionalProperties: false },
  ),
  { maxItems: 100 },
);
export const HOURS_EX = [0, 1, 2, 3, 4].map((weekday) => ({ weekday, start: '09:00', end: '13:00' }));

export const DoctorFields = {
  spec_id: Str({ maxLength: 64 }),
  title: Nullable(Type.String({ maxLength: 20 })),
  first_name: Str(),
  last_name: Str(),
  gender: Type.Optional(Type.Union([Type.Literal('male'), Type.Literal('female'), Type.Null()])),
  photo_url: Nullable(Type.String({ format: 'uri', maxLength: 500 })),
  languages: Type.Optional(Type.Array(Type.String({ pattern: '^[a-z]{2,3}$' }), { maxItems: 20 })),
  classification: Nullable(Type.String({ maxLength: 100 })),
  sub_speciality: Nullable(Type.String({ maxLength: 100 })),
  qualifications: Type.Optional(Type.Array(Str({ maxLength: 100 }), { maxItems: 20 })),
  experience_years: Type.Optional(Type.Union([Type.Integer({ minimum: 0, maximum: 80 }), Type.Null()])),
  rating: Type.Optional(Type.Union([Type.Number({ minimum: 0, maximum: 5 }), Type.Null()])),
  national_id: Nullable(
    Type.String({ maxLength: 40, description: 'Stored for the operator; never shown on the partner API' }),
  ),
  licence_no: Nullable(
    Type.String({ maxLength: 40, description: 'Stored for the operator; never shown on the partner API' }),
  ),
  timezone: Type.Optional(Type.String({ description: 'IANA time zone (default Asia/Riyadh)' })),
  fee_minor: Type.Integer({
    minimum: 0,
    maximum: 100_000_000,
    description: 'Consultation fee in minor units (9000 = SAR 90)',
  }),
  currency: Type.String({ pattern: '^[A-Z]{3}$' }),
  slot_minutes: Type.Optional(
    Type.Integer({ minimum: 5, maximum: 240, description: 'Consultation length (default 20)' }),
  ),
  active: Type.Optional(Type.Boolean()),
};
export const DOCTOR_IN = {
  doctor_id: 'dr-lina-saleh',
  spec_id: 'sp-derm',
  title: 'Dr.',
  first_name: 'Lina',
  last_name: 'Saleh',
  gender: 'female',
  languages: ['ar', 'en'],
  classification: 'Consultant',
  qualifications: ['MBBS', 'Saudi Board'],
  experience_years: 11,
  rating: 4.8,
  national_id: '1098765432',
  licence_no: 'SCFHS-123456',
  timezone: 'Asia/Riyadh',
  fee_minor: 15000,
  currency: 'SAR',
  slot_minutes: 20,
  working_hours: HOURS_EX,
};
export const CreateDoctor = Type.Object(
  {
    doctor_id: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9_-]{1,63}$' })),
    ...DoctorFields,
    working_hours: Type.Optional(Hours),
  },
  { additionalProperties: false, examples: [DOCTOR_IN] },
);
export const PatchDoctor = Type.Partial(Type.Object(DoctorFields), {
  additionalProperties: false,
  minProperties: 1,
  examples: [{ fee_minor: 12000, slot_minutes: 30, active: true }],
});

export const TimeOffBody = Type.Object(
  {
    starts_at: Type.String({ format: 'date-time', description: 'ISO-8601 with offset' }),
    ends_at: Type.String({ format: 'date-time' }),
    reason: Type.Optional(Type.String({ maxLength: 200 })),
  },
  {
    additionalProperties: false,
    examples: [{ starts_at: '2026-12-01T00:00:00+03:00', ends_at: '2026-12-03T00:00:00+03:00', reason: 'Conference' }],
  },
);

export const AdminDoctor = Type.Object({}, { additionalProperties: true });
export const DaySlot = Type.Object({
  start: Type.String(),
  end: Type.String(),
  available: Type.Integer(),
  booking_id: Type.Union([Type.String(), Type.Null()]),
  status: Type.Union([Type.String(), Type.Null()]),
  join_url: Type.Optional(Type.String()),
});
export const DOCTOR_OUT = {
  doctor_id: 'dr-lina-saleh',
  spec_id: 'sp-derm',
  name: 'Dr. Lina Saleh',
  active: true,
  national_id: '******5432',
  licence_no: 'SCFHS-123456',
  fee: { amount: 15000, currency: 'SAR', display: 'SAR 150' },
  slot_minutes: 20,
  timezone: 'Asia/Riyadh',
  working_hours: HOURS_EX,
  time_off: [],
  slots: { created: 120, removed: 0, kept_booked: 0 },
};
export const DoctorParams = Type.Object({ doctor_id: Str({ maxLength: 64, examples: ['doc-gp-1'] }) });
