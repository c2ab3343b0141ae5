// TypeBox schemas of the beneficiary endpoints (seed 002 B1–B4, B8) and the one place where a
// beneficiary row becomes the seed's JSON shape, masked.
import { Type, type Static } from '@sinclair/typebox';
import { maskTail, type BeneficiaryDetails } from '../../core/cowin/beneficiaries/index.js';

const looseInt = (description: string, example: number) =>
  Type.Union([Type.Integer(), Type.String()], { description, examples: [example] });
const optionalId = (description: string) =>
  Type.Optional(Type.Union([Type.Null(), Type.Integer(), Type.String()], { description }));

const AADHAAR_EXAMPLE = '234567890124';

export const BeneficiaryFields = {
  name: Type.String({
    minLength: 1,
    maxLength: 200,
    description: 'Full name: letters, spaces, dots, apostrophes, hyphens; at most 100 characters.',
  }),
  birth_year: Type.Union([Type.String(), Type.Integer()], {
    description: 'Year of birth, YYYY (string or number); at most 120 years ago, not in the future.',
  }),
  gender: Type.Union([Type.String(), Type.Integer()], {
    description: '"Male", "Female" or "Others" (or their getGender ids 1, 2, 3).',
  }),
  mobile_number: Type.Union([Type.String(), Type.Integer()], {
    description: '10-digit Indian mobile number (string or number).',
  }),
  photo_id_type: looseInt('Photo ID type, 1 to 13 (registration/beneficiary/getBeneficiaryIdType).', 1),
  photo_id_number: Type.Union([Type.String(), Type.Integer()], {
    description:
      'The number of that photo ID, in its format (Aadhaar: 12 digits with its Verhoeff check digit; PAN: AAAPA9999A; passport: A1234567; voter ID: ABC1234567; driving licence: MH1420110062821).',
  }),
  health_id_number: Type.Optional(Type.Union([Type.Null(), Type.String()], { description: 'Accepted and ignored.' })),
  state_id: optionalId('State id (admin/location/states), or null.'),
  district_id: optionalId('District id (admin/location/districts/:state_id), or null; must be in state_id.'),
  block_id: optionalId('Block id (admin/location/blocks/:district_id), or null; must be in district_id.'),
  locality_id: optionalId('Locality id (admin/location/getLocalitybyPincode/:pincode), or null; must be in pincode.'),
  pincode: optionalId('6-digit pincode, or null; must be in district_id.'),
  address: Type.Optional(
    Type.Union([Type.Null(), Type.String({ maxLength: 300 })], { description: 'Free-text address, or null.' }),
  ),
  consent: Type.String({ description: 'Must be "Y".' }),
};

const ADD_EXAMPLE = {
  name: 'Apparao',
  birth_year: '1980',
  gender: 'Male',
  mobile_number: 8796561403,
  photo_id_type: 1,
  photo_id_number: AADHAAR_EXAMPLE,
  health_id_number: null,
  state_id: null,
  district_id: null,
  block_id: null,
  locality_id: null,
  pincode: null,
  address: null,
  consent: 'Y',
};

export const AddBody = Type.Object(BeneficiaryFields, { examples: [ADD_EXAMPLE] });
export const UpdateBody = Type.Object(
  {
    beneficiary_reference_id: looseInt('The beneficiary to update (14 digits).', 21363381933156),
    ...BeneficiaryFields,
  },
  { examples: [{ beneficiary_reference_id: 21363381933156, ...ADD_EXAMPLE, name: 'Apparao Rao', birth_year: '1981' }] },
);

export const RegisteredResponse = Type.Object(
  {
    offline_mode: Type.Integer({ description: 'Always 0.' }),
    beneficiary_reference_id: Type.Integer({ description: '14-digit random reference id.' }),
    token: Type.String({
      description: 'Beneficiary token bound to the mobile number (15 minutes), for the appointment APIs.',
    }),
  },
  {
    $id: 'CowinRegistered',
    examples: [
      {
        offline_mode: 0,
        beneficiary_reference_id: 21363381933156,
        token: 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJndWVzdF9pZCI6MX0.c2lnbmF0dXJl',
      },
    ],
  },
);

export const ReferenceQuery = Type.Object(
  {
    beneficiary_reference_id: Type.Optional(
      looseInt(
        'The beneficiary (14 digits). A JSON body {"beneficiary_reference_id": …} on the GET is accepted too.',
        21363381933156,
      ),
    ),
  },
  { examples: [{ beneficiary_reference_id: 21363381933156 }] },
);

export const ReferenceBody = Type.Object(
  {
    beneficiary_reference_id: looseInt('The beneficiary (14 digits).', 21363381933156),
  },
  { examples: [{ beneficiary_reference_id: 21363381933156 }] },
);

const BENEFICIARY_EXAMPLE = {
  beneficiary_reference_id: 21363381933156,
  name: 'Rajesh Pawar',
  birth_year: 1995,
  gender: 'Male',
  mobile_number: '*****1403',
  photo_id_type: 1,
  photo_id_number: '*****0124',
  state_name: 'Maharashtra',
  district_name: 'Satara',
  block_name: 'Jaoli',
  locality_name: 'Kudal',
  pincode: 415514,
  address: 'C/o Pandurang Pawar',
};

export const CowinBeneficiary = Type.Object(
  {
    beneficiary_reference_id: Type.Integer(),
    name: Type.String(),
    birth_year: Type.Integer(),
    gender: Type.String(),
    mobile_number: Type.String({ description: 'Masked: five stars and the last 4 digits.' }),
    photo_id_type: Type.Integer(),
    photo_id_number: Type.String({ description: 'Masked: five stars and the last 4 characters.' }),
    state_name: Type.String(),
    district_name: Type.String(),
    block_name: Type.String(),
    locality_name: Type.String(),
    pincode: Type.Union([Type.Integer(), Type.Literal('')], { description: 'The pincode, or "" when none was given.' }),
    address: Type.String(),
  },
  { $id: 'CowinBeneficiary', examples: [BENEFICIARY_EXAMPLE] },
);

export const LinkedResponse = Type.Object(
  {
    beneficiaries: Type.Array(Type.Ref(CowinBeneficiary)),
  },
  {
    examples: [
      {
        beneficiaries: [
          BENEFICIARY_EXAMPLE,
          {
            ...BENEFICIARY_EXAMPLE,
            beneficiary_reference_id: 21363381937707,
            name: 'Ajay Pawar',
            birth_year: 1998,
            photo_id_number: '*****8999',
          },
        ],
      },
    ],
  },
);

export type CowinBeneficiaryJson = Static<typeof CowinBeneficiary>;

/** A beneficiary in the seed's shape, with its mobile and photo ID number masked. */
export function toCowinBeneficiary(b: BeneficiaryDetails): CowinBeneficiaryJson {
  return {
    beneficiary_reference_id: Number(b.reference_id),
    name: b.name,
    birth_year: Number(b.birth_year),
    gender: b.gender,
    mobile_number: maskTail(b.mobile),
    photo_id_type: Number(b.photo_id_type),
    photo_id_number: maskTail(b.photo_id_number),
    state_name: b.state_name ?? '',
    district_name: b.district_name ?? '',
    block_name: b.block_name ?? '',
    locality_name: b.locality_name ?? '',
    pincode: b.pincode === null ? '' : Number(b.pincode),
    address: b.address ?? '',
  };
}
