// B1–B4 and B8: add, update, get, delete beneficiaries; linked beneficiaries of a mobile.
// A guest token acts only on the beneficiaries its guest account registered; a beneficiary
// token only on its own mobile's. Anything else is "does not exist".
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { type Static, Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import {
  deleteBeneficiary,
  getBeneficiary,
  linkedBeneficiaries,
  normalizeBeneficiary,
  normalizeReferenceId,
  registerBeneficiary,
  updateBeneficiary,
  type Viewer,
} from '../../core/cowin/beneficiaries/index.js';
import { beneficiaryToken, guestIdOf } from '../../core/cowin/guests.js';
import { routeBody } from '../fast-bodies.js';
import { tokenOf } from './auth.js';
import {
  AddBody,
  CowinBeneficiary,
  LinkedResponse,
  ReferenceBody,
  ReferenceQuery,
  RegisteredResponse,
  toCowinBeneficiary,
  UpdateBody,
} from './beneficiary-schemas.js';
import { CowinError } from './errors.js';

const TAGS = ['Registration & Appointment'];
const errors = (...statuses: number[]) => Object.fromEntries(statuses.map((s) => [s, { $ref: 'CowinError#' }]));
const guestSecurity: Array<Record<string, string[]>> = [{ guestToken: [] }];
const eitherSecurity: Array<Record<string, string[]>> = [{ guestToken: [] }, { beneficiaryToken: [] }];

function viewerOf(req: FastifyRequest): Viewer {
  const claims = tokenOf(req);
  return claims.kind === 'beneficiary' ? { mobile: claims.sub } : { guestId: Number(claims.sub) };
}

const notFound = () => new CowinError('BENDOC0012', 'Beneficiary does not exist (or is not visible to this token)');

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

/**
 * The seed sends GET registration/beneficiary with a JSON body: read a small one if the query
 * lacks the id. Runs before validation, so the query is still whatever the URL held.
 */
async function referenceFromGetBody(req: FastifyRequest): Promise<void> {
  const query = req.query;
  if (!isObject(query) || query.beneficiary_reference_id !== undefined) return;
  if (!req.headers['content-length'] && !req.headers['transfer-encoding']) return;
  let text = '';
  for await (const chunk of req.raw) {
    text += chunk;
    if (text.length > 4096)
      throw new CowinError(
        'BENDOC0046',
        'The GET body is too large: send {"beneficiary_reference_id": …} or use the query parameter',
      );
  }
  try {
    const body: unknown = JSON.parse(text);
    if (isObject(body) && body.beneficiary_reference_id !== undefined)
      query.beneficiary_reference_id = body.beneficiary_reference_id;
  } catch {
    throw new CowinError(
      'BENDOC0046',
      'The GET body is not JSON: send {"beneficiary_reference_id": …} or use the query parameter',
    );
  }
}

/** The answer to add and update: the beneficiary's reference id and a token for its mobile. */
async function registered(secret: string, b: { reference_id: number | string; mobile: string }, guestId: number) {
  return {
    offline_mode: 0,
    beneficiary_reference_id: Number(b.reference_id),
    token: await beneficiaryToken(secret, b.mobile, guestId),
  };
}

const ADD = '/api/v1/registration/beneficiary/add';

export const beneficiaryRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.addSchema(CowinBeneficiary);
  app.addSchema(RegisteredResponse);
  const { guest, guestOrBeneficiary, beneficiary } = app.cowinAuth;

  // Also answered around Fastify (../fast-posts.ts) when the guard's checks need no I/O: the
  // body as the route gets it, the same registration, the same text. A registration that
  // fails wrote nothing and goes to the route, which fails it again in the CoWIN envelope.
  const addBody = routeBody<Static<typeof AddBody>>(app, ADD, AddBody);
  app.fastReads.addPost(app, ADD, (req) => {
    const claims = app.cowinAuth.claimsNow(req.headers, ['guest']);
    if (!claims) return undefined;
    const guestId = guestIdOf(claims);
    return (raw) => {
      const body = addBody(raw);
      if (!body) return undefined;
      const input = normalizeBeneficiary(body); // throws for a bad field: the route refuses it
      return {
        principal: `guest:${guestId}`,
        answer: async () => {
          // A refusal (rolled back) is answered by the dialect's error handler, as the route's would be.
          const b = await registerBeneficiary(app.store, guestId, input);
          return JSON.stringify(await registered(app.config.secret, b, guestId));
        },
      };
    };
  });

  app.post(
    ADD,
    {
      preHandler: guest,
      schema: {
        operationId: 'addBeneficiary',
        tags: TAGS,
        security: guestSecurity,
        summary: 'Beneficiary Registration',
        description:
          'Registers a beneficiary through the calling guest account and returns its 14-digit reference id and a beneficiary token bound to the mobile number. ' +
          'At most 4 beneficiaries per mobile; a photo ID can be registered once.',
        body: AddBody,
        response: { 200: Type.Ref(RegisteredResponse), ...errors(400, 401, 409) },
      },
    },
    async (req) => {
      const guestId = guestIdOf(tokenOf(req));
      const b = await registerBeneficiary(app.store, guestId, normalizeBeneficiary(req.body));
      return registered(app.config.secret, b, guestId);
    },
  );

  app.post(
    '/api/v1/registration/beneficiary/update',
    {
      preHandler: guest,
      schema: {
        operationId: 'updateBeneficiary',
        tags: TAGS,
        security: guestSecurity,
        summary: 'beneficiaryUpdate',
        description:
          'Replaces the details of a beneficiary that the calling guest account registered (send every field, as for add). Returns a beneficiary token for the (possibly new) mobile.',
        body: UpdateBody,
        response: { 200: Type.Ref(RegisteredResponse), ...errors(400, 401, 404, 409) },
      },
    },
    async (req) => {
      const guestId = guestIdOf(tokenOf(req));
      const ref = normalizeReferenceId(req.body.beneficiary_reference_id);
      const b = await updateBeneficiary(app.store, ref, { guestId }, normalizeBeneficiary(req.body));
      return registered(app.config.secret, b, guestId);
    },
  );

  app.get(
    '/api/v1/registration/beneficiary',
    {
      preHandler: guestOrBeneficiary,
      preValidation: referenceFromGetBody,
      schema: {
        operationId: 'getBeneficiary',
        tags: TAGS,
        security: eitherSecurity,
        summary: 'Get beneficiary details',
        description:
          'One beneficiary by reference id (query parameter, or a JSON body on the GET as the seed sends it). A guest token sees the beneficiaries its account registered; a beneficiary token those of its mobile. Mobile and photo ID numbers are masked.',
        querystring: ReferenceQuery,
        response: { 200: Type.Ref(CowinBeneficiary), ...errors(400, 401, 404) },
      },
    },
    async (req) => {
      const b = await getBeneficiary(
        app.store.db,
        normalizeReferenceId(req.query.beneficiary_reference_id),
        viewerOf(req),
      );
      if (!b) throw notFound();
      return toCowinBeneficiary(b);
    },
  );

  app.post(
    '/api/v1/registration/beneficiary/delete',
    {
      preHandler: guestOrBeneficiary,
      schema: {
        operationId: 'deleteBeneficiaryV1',
        tags: TAGS,
        security: eitherSecurity,
        summary: 'BeneficiaryDelete',
        description:
          "Deletes a beneficiary (guest token: one its account registered; beneficiary token: one of its mobile). Refused while the beneficiary has an active appointment. Answers the seed's text, `Deleted Succssesfully`.",
        body: ReferenceBody,
        response: {
          200: {
            description: "The seed's text",
            content: { 'text/plain': { schema: Type.String({ examples: ['Deleted Succssesfully'] }) } },
          },
          ...errors(400, 401, 404, 409),
        },
      },
    },
    async (req, reply) => {
      await deleteBeneficiary(app.store, normalizeReferenceId(req.body.beneficiary_reference_id), viewerOf(req));
      return reply.type('text/plain; charset=utf-8').send('Deleted Succssesfully');
    },
  );

  app.get(
    '/api/v1/appointment/linkedBeneficiaries',
    {
      preHandler: beneficiary,
      schema: {
        operationId: 'getLinkedBeneficiaries',
        tags: TAGS,
        security: [{ beneficiaryToken: [] }],
        summary: 'Linked beneficiaries',
        description: "The beneficiaries linked to the beneficiary token's mobile number (at most 4), masked.",
        response: { 200: LinkedResponse, ...errors(401) },
      },
    },
    async (req) => ({
      beneficiaries: (await linkedBeneficiaries(app.store.db, tokenOf(req).sub)).map(toCowinBeneficiary),
    }),
  );
};
