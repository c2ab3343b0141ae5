// TypeBox schemas of the Kids Vaccination API, with the examples the API hub shows.
import { Type, type Static } from '@sinclair/typebox';
import { CHECKOUT_URL_FIELDS } from '../partner/envelope.js';

const PrdId = Type.String({
  minLength: 1,
  maxLength: 64,
  description: 'Partner product code naming a catalogue of services',
  examples: ['KV-SANDBOX'],
});
const Id = (description: string, example: string) =>
  Type.String({ minLength: 1, maxLength: 64, description, examples: [example] });

export const MoneySchema = Type.Object(
  {
    amount: Type.Integer({ description: 'Minor units (halalas for SAR)' }),
    currency: Type.String(),
    display: Type.String(),
  },
  { $id: 'KidsMoney', examples: [{ amount: 35000, currency: 'SAR', display: 'SAR 350' }] },
);
const MoneyRef = Type.Ref('KidsMoney');

export const ServiceSchema = Type.Object(
  {
    id: Type.String(),
    prd_id: Type.String(),
    name: Type.String(),
    description: Type.Union([Type.String(), Type.Null()]),
    price: MoneyRef,
    age_range: Type.Object({
      min_months: Type.Union([Type.Integer(), Type.Null()]),
      max_months: Type.Union([Type.Integer(), Type.Null()]),
    }),
    doses: Type.Union([Type.Integer(), Type.Null()]),
    dose_gap_days: Type.Union([Type.Integer(), Type.Null()]),
    inclusions: Type.Array(Type.String()),
    instructions: Type.Array(Type.String()),
    home_visit: Type.Boolean({ description: 'Also given by home-visit teams (otherwise clinic only)' }),
    clinic: Type.Boolean(),
  },
  { $id: 'KidsService' },
);

export const SERVICE_EXAMPLE = {
  id: 'kv-hexa',
  prd_id: 'KV-SANDBOX',
  name: 'Hexavalent vaccine (DTaP-IPV-Hib-HepB)',
  description: 'Hexavalent vaccine (DTaP-IPV-Hib-HepB), given by a licensed paediatric nurse at home or in clinic.',
  price: { amount: 35000, currency: 'SAR', display: 'SAR 350' },
  age_range: { min_months: 2, max_months: 18 },
  doses: 3,
  dose_gap_days: null,
  inclusions: ['Vaccine dose', 'Paediatric nurse visit', 'Vaccination card update'],
  instructions: ["Bring the child's vaccination card", 'Child may have a light meal before'],
  home_visit: true,
  clinic: true,
};

export const ServicesBody = Type.Object({ prd_id: PrdId }, { examples: [{ prd_id: 'KV-SANDBOX' }] });
export const DetailsBody = Type.Object(
  { id: Id('Service id from /services', 'kv-hexa'), prd_id: PrdId },
  { examples: [{ id: 'kv-hexa', prd_id: 'KV-SANDBOX' }] },
);

export const BrowseBody = Type.Object(
  {
    prd_id: PrdId,
    services: Type.Array(Id('Service id', 'kv-hexa'), { minItems: 1, maxItems: 20 }),
    date: Type.String({
      pattern: '^\\d{4}-\\d{2}-\\d{2}$',
      description: "Visit day (YYYY-MM-DD) in the provider's time zone",
    }),
    location: Type.Object(
      {
        lat: Type.Number({ minimum: -90, maximum: 90 }),
        lng: Type.Number({ minimum: -180, maximum: 180 }),
      },
      { additionalProperties: false },
    ),
  },
  {
    additionalProperties: false,
    examples: [
      {
        prd_id: 'KV-SANDBOX',
        services: ['kv-hexa', 'kv-pcv'],
        date: '2026-11-24',
        location: { lat: 24.7136, lng: 46.6753 },
      },
    ],
  },
);

export const ProviderSchema = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    type: Type.Union([Type.Literal('clinic'), Type.Literal('home_visit')]),
    address: Type.Union([Type.String(), Type.Null()]),
    location: Type.Object({ lat: Type.Number(), lng: Type.Number() }),
    service_radius_km: Type.Number(),
    distance_km: Type.Number(),
    timezone: Type.String(),
    slots: Type.Array(
      Type.Object({
        id: Type.String(),
        start: Type.String({ description: 'ISO-8601 UTC' }),
        end: Type.String(),
        label: Type.Union([Type.String(), Type.Null()]),
        available: Type.Integer({ description: 'Free seats' }),
      }),
    ),
  },
  { $id: 'KidsProvider' },
);

export const PROVIDER_EXAMPLE = {
  id: 'kvp-riyadh-c1',
  name: "Al Olaya Children's Clinic",
  type: 'clinic',
  address: 'Al Olaya, Riyadh, Saudi Arabia',
  location: { lat: 24.7201, lng: 46.6655 },
  service_radius_km: 15,
  distance_km: 1.21,
  timezone: 'Asia/Riyadh',
  slots: [
    {
      id: '48213',
      start: '2026-11-24T06:00:00.000Z',
      end: '2026-11-24T07:00:00.000Z',
      label: '09:00-10:00',
      available: 3,
    },
  ],
};

const Mobile = Type.String({
  pattern: '^\\+?[0-9]{9,15}$',
  description: 'Digits, optionally with a leading +',
  examples: ['+966501234567'],
});

export const BookBody = Type.Object(
  {
    prd_id: PrdId,
    partner_reference: Type.String({
      minLength: 1,
      maxLength: 100,
      pattern: '^[A-Za-z0-9._:/-]+$',
      description: 'Your own unique reference; retrying with it returns the same booking',
      examples: ['order-10023'],
    }),
    services: Type.Array(Id('Service id', 'kv-hexa'), { minItems: 1, maxItems: 20 }),
    provider_id: Id('Provider id from /browse', 'kvp-riyadh-c1'),
    slot_id: Id('Slot id from /browse', '48213'),
    child: Type.Object(
      {
        name: Type.String({ minLength: 1, maxLength: 100 }),
        birth_date: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD' }),
        gender: Type.Union([Type.Literal('male'), Type.Literal('female')]),
      },
      { additionalProperties: false },
    ),
    guardian: Type.Object(
      {
        name: Type.String({ minLength: 1, maxLength: 100 }),
        mobile: Mobile,
      },
      { additionalProperties: false },
    ),
    ...CHECKOUT_URL_FIELDS,
  },
  {
    additionalProperties: false,
    examples: [
      {
        prd_id: 'KV-SANDBOX',
        partner_reference: 'order-10023',
        services: ['kv-hexa'],
        provider_id: 'kvp-riyadh-c1',
        slot_id: '48213',
        child: { name: 'Lina Al-Harbi', birth_date: '2026-05-10', gender: 'female' },
        guardian: { name: 'Noura Al-Harbi', mobile: '+966501234567' },
        return_url: 'https://app.example.com/bookings/done',
        cancel_url: 'https://app.example.com/bookings/cancelled',
      },
    ],
  },
);

/** The body of POST /book as the partner sends it. */
export type KidsBookInput = Static<typeof BookBody>;

export const BookedSchema = Type.Object({
  booking_id: Type.String(),
  status: Type.String({ description: 'held | confirmed | completed | cancelled | expired' }),
  partner_reference: Type.String(),
  payment_id: Type.String(),
  payment_url: Type.String({
    description: "Send the payer here; the booking is confirmed by the payment provider's notification",
  }),
  expires_at: Type.Union([Type.String(), Type.Null()], {
    description: 'When an unpaid hold gives its seat back (ISO-8601 UTC)',
  }),
  amount: MoneyRef,
});

export const BOOKED_EXAMPLE = {
  booking_id: 'bk_9d2kq7m3x1a8',
  status: 'held',
  partner_reference: 'order-10023',
  payment_id: 'pay_7fq3x9k2m4p8r1t6v0w5y2z3',
  payment_url: 'http://127.0.0.1:3000/payments/v1/sandbox/checkout/pay_7fq3x9k2m4p8r1t6v0w5y2z3',
  expires_at: '2026-11-23T16:45:00.000Z',
  amount: { amount: 35000, currency: 'SAR', display: 'SAR 350' },
};

export const BookingSchema = Type.Object(
  {
    booking_id: Type.String(),
    status: Type.String({ description: 'held | confirmed | completed | cancelled | expired' }),
    partner_reference: Type.Union([Type.String(), Type.Null()]),
    prd_id: Type.String(),
    services: Type.Array(Type.Object({ id: Type.String(), name: Type.String(), price: MoneyRef })),
    provider: Type.Object({ id: Type.String(), name: Type.String(), type: Type.String() }),
    slot: Type.Object({ id: Type.String(), start: Type.String(), end: Type.String() }),
    child: Type.Object({ name: Type.String(), birth_date: Type.String(), gender: Type.String() }),
    guardian: Type.Object({ name: Type.String(), mobile: Type.String({ description: 'Masked' }) }),
    amount: MoneyRef,
    payment: Type.Union([
      Type.Object({ payment_id: Type.String(), status: Type.String(), payment_url: Type.String() }),
      Type.Null(),
    ]),
    expires_at: Type.Union([Type.String(), Type.Null()]),
    created_at: Type.String(),
    confirmed_at: Type.Union([Type.String(), Type.Null()]),
    cancelled_at: Type.Union([Type.String(), Type.Null()]),
  },
  { $id: 'KidsBooking' },
);

export const BOOKING_EXAMPLE = {
  booking_id: 'bk_9d2kq7m3x1a8',
  status: 'confirmed',
  partner_reference: 'order-10023',
  prd_id: 'KV-SANDBOX',
  services: [
    {
      id: 'kv-hexa',
      name: 'Hexavalent vaccine (DTaP-IPV-Hib-HepB)',
      price: { amount: 35000, currency: 'SAR', display: 'SAR 350' },
    },
  ],
  provider: { id: 'kvp-riyadh-c1', name: "Al Olaya Children's Clinic", type: 'clinic' },
  slot: { id: '48213', start: '2026-11-24T06:00:00.000Z', end: '2026-11-24T07:00:00.000Z' },
  child: { name: 'Lina Al-Harbi', birth_date: '2026-05-10', gender: 'female' },
  guardian: { name: 'Noura Al-Harbi', mobile: '*****4567' },
  amount: { amount: 35000, currency: 'SAR', display: 'SAR 350' },
  payment: {
    payment_id: 'pay_7fq3x9k2m4p8r1t6v0w5y2z3',
    status: 'paid',
    payment_url: 'http://127.0.0.1:3000/payments/v1/sandbox/checkout/pay_7fq3x9k2m4p8r1t6v0w5y2z3',
  },
  expires_at: null,
  created_at: '2026-11-23T16:30:00.000Z',
  confirmed_at: '2026-11-23T16:32:10.000Z',
  cancelled_at: null,
};

export const BookingIdParams = Type.Object({
  booking_id: Type.String({ minLength: 1, maxLength: 64, examples: ['bk_9d2kq7m3x1a8'] }),
});
export const CancelBody = Type.Object(
  { booking_id: Type.String({ minLength: 1, maxLength: 64 }) },
  { additionalProperties: false, examples: [{ booking_id: 'bk_9d2kq7m3x1a8' }] },
);

export const KIDS_SCHEMAS = [MoneySchema, ServiceSchema, ProviderSchema, BookingSchema];
