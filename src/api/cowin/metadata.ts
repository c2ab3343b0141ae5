// Metadata API (seed 002, D5–D10): photo ID types, genders, states, districts, blocks and
// localities, from the geography tables. Each needs a guest (or beneficiary) token.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { listBlocks, listDistricts, listStates, localitiesByPincode } from '../../core/cowin/geography.js';
import { idValue, pincodeValue } from './params.js';
import { GENDERS, PHOTO_ID_TYPES } from './reference-data.js';

const tags = ['Registration & Appointment'];
const security: Record<string, string[]>[] = [{ guestToken: [] }, { beneficiaryToken: [] }];
const errors = { 400: { $ref: 'CowinError#' }, 401: { $ref: 'CowinError#' } };

const IdTypes = Type.Array(
  Type.Object({ type: Type.String(), id: Type.Integer(), doc_type: Type.Union([Type.String(), Type.Null()]) }),
  { examples: [PHOTO_ID_TYPES.slice(0, 2)] },
);
const Genders = Type.Array(Type.Object({ gender: Type.String(), id: Type.Integer() }), { examples: [GENDERS] });
const States = Type.Array(Type.Object({ state_id: Type.Integer(), state_name: Type.String() }), {
  examples: [
    [
      { state_id: 1, state_name: 'Andaman and Nicobar Islands' },
      { state_id: 2, state_name: 'Andhra Pradesh' },
    ],
  ],
});
const Districts = Type.Array(Type.Object({ district_id: Type.Integer(), district_name: Type.String() }), {
  examples: [
    [
      { district_id: 391, district_name: 'Ahmednagar' },
      { district_id: 364, district_name: 'Akola' },
    ],
  ],
});
const Blocks = Type.Array(Type.Object({ block_id: Type.Integer(), block_name: Type.String() }), {
  examples: [[{ block_id: 195, block_name: 'Block 164' }]],
});
const Localities = Type.Array(
  Type.Object({
    locality_id: Type.Integer(),
    office_name: Type.Union([Type.String(), Type.Null()]),
    locality_name: Type.String(),
    pincode: Type.Integer(),
  }),
  { examples: [[{ locality_id: 1, office_name: 'Naya Kheda B.O', locality_name: 'Naya Kheda', pincode: 112233 }]] },
);
const param = (name: string, example: string) => Type.Object({ [name]: Type.String({ examples: [example] }) });

export const metadataRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const auth = app.cowinAuth.guestOrBeneficiary;

  for (const url of [
    '/api/v1/registration/beneficiary/getBeneficiaryIdType',
    '/api/v1/registration/beneficiary/getBeneficiaryIDType',
  ]) {
    app.get(
      url,
      {
        preHandler: auth,
        schema: {
          operationId: 'getBeneficiaryIdTypes',
          tags,
          security,
          summary: 'Photo ID types (D5)',
          hide: url.endsWith('IDType'),
          response: { 200: IdTypes, ...errors },
        },
      },
      async () => PHOTO_ID_TYPES,
    );
  }
  app.get(
    '/api/v1/registration/beneficiary/getGender',
    {
      preHandler: auth,
      schema: {
        operationId: 'getGenders',
        tags,
        security,
        summary: 'Genders (D6)',
        response: { 200: Genders, ...errors },
      },
    },
    async () => GENDERS,
  );

  app.get(
    '/api/v1/admin/location/states',
    {
      preHandler: auth,
      schema: {
        operationId: 'getStates',
        tags,
        security,
        summary: 'States (D7)',
        response: { 200: States, ...errors },
      },
    },
    async () => (await listStates(app.store.db)).map((s) => ({ state_id: s.id, state_name: s.name })),
  );

  app.get(
    '/api/v1/admin/location/districts/:stateId',
    {
      preHandler: auth,
      schema: {
        operationId: 'getDistricts',
        tags,
        security,
        summary: 'Districts of a state (D8); an unknown state gives []',
        params: param('stateId', '21'),
        response: { 200: Districts, ...errors },
      },
    },
    async (req) =>
      (await listDistricts(app.store.db, idValue(req.params.stateId, 'state id'))).map((d) => ({
        district_id: d.id,
        district_name: d.name,
      })),
  );

  app.get(
    '/api/v1/admin/location/blocks/:districtId',
    {
      preHandler: auth,
      schema: {
        operationId: 'getBlocks',
        tags,
        security,
        summary: 'Blocks of a district (D9); an unknown district gives []',
        params: param('districtId', '363'),
        response: { 200: Blocks, ...errors },
      },
    },
    async (req) =>
      (await listBlocks(app.store.db, idValue(req.params.districtId, 'district id'))).map((b) => ({
        block_id: b.id,
        block_name: b.name,
      })),
  );

  // The seed prints this one under a doubled /api/api/v1 prefix: both answer.
  for (const prefix of ['/api/v1', '/api/api/v1']) {
    app.get(
      `${prefix}/admin/location/getLocalitybyPincode/:pincode`,
      {
        preHandler: auth,
        schema: {
          operationId: 'getLocalityByPincode',
          tags,
          security,
          summary: 'Localities (post offices) of a pincode (D10)',
          hide: prefix === '/api/api/v1',
          params: param('pincode', '110003'),
          response: { 200: Localities, ...errors },
        },
      },
      async (req) =>
        (await localitiesByPincode(app.store.db, pincodeValue(req.params.pincode, 'pincode'))).map((l) => ({
          locality_id: l.id,
          office_name: l.office_name,
          locality_name: l.name,
          pincode: l.pincode,
        })),
    );
  }
};
