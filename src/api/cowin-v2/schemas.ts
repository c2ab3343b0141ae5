// Response shapes of the API Setu v2 dialect, field for field as the official YAMLs define
// them (cowin-public-v2.yaml and cowin-protected-v2.yaml; errata in docs/cowin-v2.md).
import { Type, type TObject, type TProperties } from '@sinclair/typebox';

const str = Type.String();
const opt = (s = Type.String({ minLength: 1 })) => Type.Optional(s);
const TIME = Type.String({ pattern: '^\\d{2}:\\d{2}:\\d{2}$', description: 'HH:MM:SS, local time of the centre.' });
const UUID = Type.String({ format: 'uuid' });

const centreProps = {
  center_id: Type.Integer(),
  name: str,
  name_l: opt(),
  address: opt(),
  address_l: opt(),
  state_name: str,
  state_name_l: opt(),
  district_name: str,
  district_name_l: opt(),
  block_name: str,
  block_name_l: opt(),
  pincode: str,
  lat: Type.Optional(Type.Number()),
  long: Type.Optional(Type.Number()),
  from: TIME,
  to: TIME,
  fee_type: Type.Union([Type.Literal('Free'), Type.Literal('Paid')]),
};

const sessionProps = {
  session_id: UUID,
  date: Type.String({ description: 'dd-mm-yyyy' }),
  available_capacity: Type.Integer(),
  available_capacity_dose1: Type.Integer(),
  available_capacity_dose2: Type.Integer(),
  walkin_ind: Type.Optional(Type.Union([Type.Literal('Y'), Type.Literal('N')])),
  min_age_limit: Type.Integer(),
  max_age_limit: Type.Optional(Type.Integer()),
  vaccine: str,
  fee: Type.String({ description: 'Rupees, "0" when free.' }),
  slots: Type.Array(Type.String({ description: 'A time range, e.g. 09:00AM-11:00AM' }), { minItems: 1 }),
};

const CENTRE_EXAMPLE = {
  center_id: 1234,
  name: 'District General Hospital',
  address: '45 M G Road',
  state_name: 'Maharashtra',
  state_name_l: 'महाराष्ट्र',
  district_name: 'Satara',
  district_name_l: 'सतारा',
  block_name: 'Jaoli',
  pincode: '413608',
  lat: 17.68,
  long: 73.99,
  from: '09:00:00',
  to: '17:00:00',
  fee_type: 'Free' as const,
};
const SESSION_EXAMPLE = {
  session_id: '3fa85f64-5717-4562-b3fc-2c963f66afa6',
  date: '31-05-2021',
  available_capacity: 50,
  available_capacity_dose1: 50,
  available_capacity_dose2: 50,
  min_age_limit: 18,
  vaccine: 'COVISHIELD',
  fee: '0',
  slots: ['09:00AM-11:00AM', '11:00AM-01:00PM'],
};

const obj = <T extends TProperties>(props: T, example: unknown, id?: string): TObject<T> =>
  Type.Object(props, { examples: [example], ...(id ? { $id: id } : {}) });

export const CentreV2 = obj(centreProps, CENTRE_EXAMPLE);
export const SessionV2 = obj({ ...centreProps, ...sessionProps }, { ...CENTRE_EXAMPLE, ...SESSION_EXAMPLE });
export const CalendarSessionV2 = Type.Object({
  ...sessionProps,
  // The public YAML lists these as required in each calendar session too (see docs/cowin-v2.md).
  from: TIME,
  to: TIME,
  fee_type: centreProps.fee_type,
});
export const CalendarEntryV2 = obj(
  {
    ...centreProps,
    vaccine_fees: Type.Optional(Type.Array(Type.Object({ vaccine: str, fee: str }))),
    sessions: Type.Array(CalendarSessionV2),
  },
  { ...CENTRE_EXAMPLE, sessions: [{ ...SESSION_EXAMPLE, from: '09:00:00', to: '13:00:00', fee_type: 'Free' }] },
);

export const Sessions = obj(
  { sessions: Type.Array(SessionV2) },
  { sessions: [{ ...CENTRE_EXAMPLE, ...SESSION_EXAMPLE }] },
);
export const Calendar = obj(
  { centers: Type.Array(CalendarEntryV2) },
  {
    centers: [
      { ...CENTRE_EXAMPLE, sessions: [{ ...SESSION_EXAMPLE, from: '09:00:00', to: '13:00:00', fee_type: 'Free' }] },
    ],
  },
);
export const Centres = obj(
  { centers: Type.Array(CentreV2), ttl: Type.Optional(Type.Number()) },
  { centers: [CENTRE_EXAMPLE], ttl: 24 },
);

/** Who a beneficiary is, as every v2 beneficiary listing shows it (numbers masked). */
export const BENEFICIARY_IDENTITY = {
  beneficiary_reference_id: Type.String({ maxLength: 14 }),
  name: str,
  birth_year: str,
  gender: str,
  mobile_number: str,
  photo_id_type: str,
  photo_id_number: str,
  comorbidity_ind: Type.Union([Type.Literal('Y'), Type.Literal('N')]),
};

/** An appointment in a beneficiary listing (v4/appointment/beneficiaries, the Vaccinator API). */
export const AppointmentV2 = Type.Object({
  appointment_id: Type.String({ format: 'uuid' }),
  center_id: Type.Integer(),
  name: Type.String(),
  state_name: Type.String(),
  district_name: Type.String(),
  block_name: Type.String(),
  from: Type.String(),
  to: Type.String(),
  dose: Type.Integer(),
  session_id: Type.String({ format: 'uuid' }),
  date: Type.String(),
  slot: Type.String(),
});

export const errors = (...statuses: number[]) =>
  Object.fromEntries(statuses.map((s) => [s, { $ref: 'CowinV2Error#' }]));
export const TAGS = ['CoWIN API Setu v2'];
export const PUBLIC_SECURITY: Record<string, string[]>[] = [{}, { apiSetuKey: [] }];
export const KEY_SECURITY: Record<string, string[]>[] = [{ apiSetuKey: [] }];
export const BENEFICIARY_SECURITY: Record<string, string[]>[] = [{ apiSetuKey: [], apiSetuToken: [] }];
