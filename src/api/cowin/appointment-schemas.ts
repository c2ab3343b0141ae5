// TypeBox schemas of the appointment endpoints (seed 002 C1–C3 and cancel).
import { Type } from '@sinclair/typebox';
import { MAX_PER_APPOINTMENT } from '../../core/cowin/appointments.js';
import { CowinBeneficiary } from './beneficiary-schemas.js';

// Ids come back as strings from the centre and time-slot searches: numbers and digit strings both work.
export const Id = (description: string, example: number) =>
  Type.Union([Type.Integer({ minimum: 1 }), Type.String({ pattern: '^[0-9]{1,15}$' })], {
    description,
    examples: [example],
  });
export const RefIds = Type.Array(Id('beneficiary_reference_id', 12341234123412), {
  minItems: 1,
  maxItems: MAX_PER_APPOINTMENT,
});
export const ConfirmationNo = Id('appointment_confirmation_no (14 digits)', 21363381933156);

export const ScheduleBody = Type.Object(
  {
    center_id: Id('center_id from centers/findByPin', 1234),
    date: Type.String({ description: 'dd-mm-yyyy' }),
    slot_id: Id('slot_id from timeslots/findByCenter', 1),
    beneficiaries: RefIds,
  },
  { examples: [{ center_id: 1234, date: '31-03-2021', slot_id: 1, beneficiaries: [12341234123412] }] },
);
export const RescheduleBody = Type.Object(
  {
    appointment_confirmation_no: ConfirmationNo,
    center_id: Id('center_id', 1234),
    date: Type.String({ description: 'dd-mm-yyyy' }),
    slot_id: Id('slot_id', 1),
    beneficiaries: Type.Optional(RefIds),
  },
  {
    examples: [
      {
        appointment_confirmation_no: 21363381933156,
        center_id: 1234,
        date: '31-03-2021',
        slot_id: 1,
        beneficiaries: [12341234123412],
      },
    ],
  },
);
export const CancelBody = Type.Object(
  { appointment_confirmation_no: ConfirmationNo, beneficiaries: RefIds },
  { examples: [{ appointment_confirmation_no: 21363381933156, beneficiaries: [12341234123412] }] },
);
export const Confirmation = Type.Object(
  { appointment_confirmation_no: Type.Integer() },
  { examples: [{ appointment_confirmation_no: 21363381933156 }] },
);
export const Cancelled = Type.Object(
  { appointment_confirmation_no: Type.Integer(), status: Type.Literal('CANCELLED') },
  { examples: [{ appointment_confirmation_no: 21363381933156, status: 'CANCELLED' }] },
);

export const AppointmentCentre = Type.Object({
  center_id: Type.Integer(),
  name: Type.String(),
  center_incharge: Type.String(),
  mobile: Type.String({ description: "The in-charge's mobile, masked like every mobile number" }),
  state_name: Type.String(),
  district_name: Type.String(),
  block_name: Type.String(),
  vtc: Type.String(),
  location: Type.String(),
  pincode: Type.Union([Type.Integer(), Type.Literal('')]),
  area: Type.String(),
  timings: Type.String(),
  vaccine_type: Type.String(),
  daily_capacity: Type.String(),
  centre_type: Type.String(),
  expiry_date: Type.String(),
});
export const Appointments = Type.Object(
  {
    appointments: Type.Array(
      Type.Object({
        beneficiaries: Type.Array(Type.Object(CowinBeneficiary.properties)),
        center: AppointmentCentre,
        appointment: Type.Object({
          appointment_confirmation_no: Type.Integer(),
          date: Type.String(),
          slot_id: Type.Integer(),
          slot_name: Type.String(),
          timings: Type.String(),
          status: Type.Union([Type.Literal('ACTIVE'), Type.Literal('CANCELLED'), Type.Literal('COMPLETED')]),
        }),
      }),
    ),
  },
  {
    examples: [
      {
        appointments: [
          {
            beneficiaries: [CowinBeneficiary.examples[0]],
            center: {
              center_id: 1234,
              name: 'District General Hospital',
              center_incharge: 'Sunil Kumar',
              mobile: '*****2109',
              state_name: 'Maharashtra',
              district_name: 'Satara',
              block_name: 'Jaoli',
              vtc: 'Jaoli',
              location: 'Jaoli, 413608',
              pincode: 413608,
              area: 'Urban',
              timings: '9AM-11AM, 11AM-1PM',
              vaccine_type: 'COVISHIELD',
              daily_capacity: '100',
              centre_type: 'Permanent',
              expiry_date: '30-04-2021',
            },
            appointment: {
              appointment_confirmation_no: 21363381933156,
              date: '31-03-2021',
              slot_id: 1,
              slot_name: 'Morning',
              timings: '9AM-11AM',
              status: 'ACTIVE',
            },
          },
        ],
      },
    ],
  },
);
