// Metadata: states and districts (public, and protected with the same paths), photo-ID types,
// genders and the photo IDs a birth year may use. Lists are wrapped as the YAML shows them,
// e.g. {"states": [...], "ttl": 24}, with `*_l` names in the Accept-Language's language.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { listDistricts, listStates } from '../../core/cowin/geography.js';
import { PHOTO_ID_TYPES } from '../../core/cowin/photo-id.js';
import { V2Error } from './errors.js';
import { localiser, optional } from './i18n.js';
import { idValue } from './params.js';
import { BENEFICIARY_SECURITY, errors, PUBLIC_SECURITY, TAGS } from './schemas.js';

const TTL = 24;
const GENDERS = [
  { gender: 'Male', id: 1 },
  { gender: 'Female', id: 2 },
  { gender: 'Others', id: 3 },
];
const GENDERS_HI: Record<number, string> = { 1: 'पुरुष', 2: 'महिला', 3: 'अन्य' };
/** Photo IDs only adults hold (a child registers with another ID). */
const ADULT_ONLY = new Set([2, 5, 6, 9, 10, 12]);
const l = Type.Optional(Type.String({ minLength: 1 }));

const States = Type.Object(
  {
    states: Type.Array(Type.Object({ state_id: Type.Integer(), state_name: Type.String(), state_name_l: l })),
    ttl: Type.Number(),
  },
  { examples: [{ states: [{ state_id: 21, state_name: 'Maharashtra', state_name_l: 'महाराष्ट्र' }], ttl: TTL }] },
);
const Districts = Type.Object(
  {
    districts: Type.Array(
      Type.Object({
        state_id: Type.Integer(),
        district_id: Type.Integer(),
        district_name: Type.String(),
        district_name_l: l,
      }),
    ),
    ttl: Type.Number(),
  },
  {
    examples: [
      {
        districts: [{ state_id: 21, district_id: 391, district_name: 'Ahmednagar', district_name_l: 'अहमदनगर' }],
        ttl: TTL,
      },
    ],
  },
);
const IdTypes = Type.Object(
  { types: Type.Array(Type.Object({ type: Type.String(), id: Type.Integer() })), ttl: Type.Number() },
  { examples: [{ types: [{ type: 'Aadhaar Card', id: 1 }], ttl: TTL }] },
);
const Genders = Type.Object(
  { genders: Type.Array(Type.Object({ gender: Type.String(), gender_l: l, id: Type.Integer() })), ttl: Type.Number() },
  { examples: [{ genders: [{ gender: 'Male', id: 1 }], ttl: TTL }] },
);

export const metadataRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const guards = app.cowinV2Auth;
  const publicOrProtected = { preHandler: guards.publicKey, security: PUBLIC_SECURITY };

  app.get(
    '/api/v2/admin/location/states',
    {
      preHandler: publicOrProtected.preHandler,
      schema: {
        operationId: 'states',
        tags: TAGS,
        security: publicOrProtected.security,
        summary: 'States',
        response: { 200: States, ...errors(401) },
      },
    },
    async (req) => {
      const loc = localiser(req.headers['accept-language']);
      const states = await listStates(app.store.db);
      return {
        states: states.map((s) => ({
          state_id: s.id,
          state_name: s.name,
          ...optional('state_name_l', loc.state(s.name)),
        })),
        ttl: TTL,
      };
    },
  );

  app.get(
    '/api/v2/admin/location/districts/:state_id',
    {
      preHandler: publicOrProtected.preHandler,
      schema: {
        operationId: 'districts',
        tags: TAGS,
        security: publicOrProtected.security,
        summary: 'Districts of a state; an unknown state is a 400',
        params: Type.Object({ state_id: Type.String({ examples: ['21'] }) }),
        response: { 200: Districts, ...errors(400, 401) },
      },
    },
    async (req) => {
      const stateId = idValue(req.params.state_id, 'state_id');
      const loc = localiser(req.headers['accept-language']);
      const districts = await listDistricts(app.store.db, stateId);
      // The YAML's districts list has minItems 1: an unknown state is the caller's mistake.
      if (districts.length === 0)
        throw new V2Error('APPOIN0062', `No state has state_id ${stateId}; see admin/location/states`);
      return {
        districts: districts.map((d) => ({
          state_id: stateId,
          district_id: d.id,
          district_name: d.name,
          ...optional('district_name_l', loc.district(d.name)),
        })),
        ttl: TTL,
      };
    },
  );

  app.get(
    '/api/v2/registration/beneficiary/idTypes',
    {
      preHandler: guards.beneficiary,
      schema: {
        operationId: 'idTypes',
        tags: TAGS,
        security: BENEFICIARY_SECURITY,
        summary: 'Photo ID types',
        response: { 200: IdTypes, ...errors(401) },
      },
    },
    async () => ({ types: PHOTO_ID_TYPES.map((t) => ({ type: t.type, id: t.id })), ttl: TTL }),
  );

  app.get(
    '/api/v2/registration/beneficiary/genders',
    {
      preHandler: guards.beneficiary,
      schema: {
        operationId: 'genders',
        tags: TAGS,
        security: BENEFICIARY_SECURITY,
        summary: 'Genders',
        response: { 200: Genders, ...errors(401) },
      },
    },
    async (req) => {
      const hindi = localiser(req.headers['accept-language']).lang === 'hi';
      return { genders: GENDERS.map((g) => ({ ...g, ...(hindi ? { gender_l: GENDERS_HI[g.id] } : {}) })), ttl: TTL };
    },
  );

  app.post(
    '/api/v1/admin/photoIdConfiguration/getPhotoIdsBasedOnAge',
    {
      preHandler: guards.beneficiary,
      schema: {
        operationId: 'getPhotoIdsBasedOnAge',
        tags: TAGS,
        security: BENEFICIARY_SECURITY,
        summary: 'Photo ID types a person born in a year may register with',
        body: Type.Object({ year: Type.Union([Type.String(), Type.Integer()]) }, { examples: [{ year: '1947' }] }),
        response: { 200: IdTypes, ...errors(400, 401) },
      },
    },
    async (req) => {
      const raw = String(req.body.year).trim();
      const year = Number(raw);
      const thisYear = new Date().getUTCFullYear();
      if (!/^\d{4}$/.test(raw) || year > thisYear || year < thisYear - 120)
        throw new V2Error(
          'PHOTOID00002',
          `year must be a birth year as 4 digits from ${thisYear - 120} to ${thisYear}`,
        );
      const adult = thisYear - year >= 18;
      return {
        types: PHOTO_ID_TYPES.filter((t) => adult || !ADULT_ONLY.has(t.id)).map((t) => ({ type: t.type, id: t.id })),
        ttl: TTL,
      };
    },
  );
};
