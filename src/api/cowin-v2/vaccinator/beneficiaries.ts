// The Vaccinator API's beneficiary operations (cowin-vaccinator-v2.yaml): register, find by
// reference id, find by mobile. A vaccinator key acts in one state: it registers into that
// state and finds only that state's beneficiaries, so a lookup by mobile never returns a
// family registered elsewhere. Every find is written to the audit log (which key, which
// records, which operation) before the answer goes out.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import {
  beneficiariesInState,
  linkedBeneficiaries,
  normalizeBeneficiary,
  normalizeMobile,
  normalizeReferenceId,
  registerBeneficiary,
  type BeneficiaryDetails,
} from '../../../core/cowin/beneficiaries/index.js';
import { summariesOf } from '../../../core/cowin/vaccinations.js';
import { maskTail } from '../../../core/shared/mask.js';
import { DomainError } from '../../../core/shared/errors.js';
import type { FastifyInstance } from 'fastify';
import { keyOf } from '../auth.js';
import { liveAppointments } from '../appointment-view.js';
import { logReads } from '../audit.js';
import { badInput, V2Error } from '../errors.js';
import { errors } from '../schemas.js';
import { BENEFICIARY_EXAMPLE, VaccinatorBeneficiary, vaccinatorView } from './present.js';
import { VACCINATOR_SECURITY, VACCINATOR_TAGS } from './schemas.js';

const NewBody = Type.Object(
  {
    name: Type.Optional(Type.String()),
    birth_year: Type.Optional(Type.Union([Type.String(), Type.Integer()])),
    gender_id: Type.Optional(Type.Union([Type.Integer(), Type.String()])),
    mobile_number: Type.Optional(Type.Union([Type.String(), Type.Integer()])),
    photo_id_type: Type.Optional(Type.Union([Type.Integer(), Type.String()])),
    photo_id_number: Type.Optional(Type.String()),
    consent_version: Type.Optional(Type.String()),
    district_id: Type.Optional(Type.Union([Type.Integer(), Type.String()])),
    pincode: Type.Optional(Type.Union([Type.Integer(), Type.String()])),
  },
  {
    examples: [
      {
        name: 'Apparao',
        birth_year: '1980',
        gender_id: 1,
        mobile_number: '9876543210',
        photo_id_type: 6,
        photo_id_number: 'ABCDE1234F',
        consent_version: '1',
      },
    ],
  },
);

/** The views of some beneficiaries, with their vaccinations and live appointments. */
async function views(app: FastifyInstance, people: BeneficiaryDetails[]) {
  const summaries = await summariesOf(
    app.store.db,
    people.map((p) => p.id),
  );
  const out = [];
  const byMobile = new Map<string, Awaited<ReturnType<typeof liveAppointments>>>();
  for (const p of people) {
    let live = byMobile.get(p.mobile);
    if (!live) {
      live = await liveAppointments(app.store.db, p.mobile, app.cowinV2Ids);
      byMobile.set(p.mobile, live);
    }
    out.push(vaccinatorView(p, summaries.get(p.id), live));
  }
  return out;
}

export const vaccinatorBeneficiaryRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const guard = app.cowinV2Auth.vaccinator;

  app.post(
    '/api/v2/vaccinator/beneficiaries/new',
    {
      preHandler: guard,
      schema: {
        tags: VACCINATOR_TAGS,
        operationId: 'vaccinatorRegisterBeneficiary',
        security: VACCINATOR_SECURITY,
        summary: "Register a beneficiary in the vaccinator key's state",
        description:
          'photo_id_number is the full number (checked like the other registrations: Aadhaar check digit, PAN, passport… formats), not only its last 4 digits: Careslot keeps one registration per photo ID. isNewAccount is "Y" when the mobile had no beneficiary yet. district_id or pincode, when given, must lie in the key\'s state.',
        body: NewBody,
        response: {
          200: Type.Object(
            {
              beneficiary_reference_id: Type.String({ maxLength: 14 }),
              isNewAccount: Type.Union([Type.Literal('Y'), Type.Literal('N')]),
            },
            { examples: [{ beneficiary_reference_id: '12345678901234', isNewAccount: 'Y' }] },
          ),
          ...errors(400, 401, 409),
        },
      },
    },
    async (req) => {
      const b = req.body ?? {};
      for (const field of [
        'name',
        'birth_year',
        'gender_id',
        'mobile_number',
        'photo_id_type',
        'photo_id_number',
        'consent_version',
      ] as const)
        if (b[field] === undefined || String(b[field]).trim() === '')
          throw badInput(`Input parameter missing: ${field}`);
      const key = keyOf(req);
      const input = normalizeBeneficiary({
        name: b.name!,
        birth_year: b.birth_year!,
        gender: b.gender_id!,
        mobile_number: b.mobile_number!,
        photo_id_type: b.photo_id_type!,
        photo_id_number: b.photo_id_number!,
        consent: 'Y',
        state_id: key.stateId,
        district_id: b.district_id ?? null,
        pincode: b.pincode ?? null,
      });
      const before = (await linkedBeneficiaries(app.store.db, input.mobile)).length;
      try {
        const created = await registerBeneficiary(app.store, key.guestId, input);
        return {
          beneficiary_reference_id: String(created.reference_id),
          isNewAccount: before === 0 ? ('Y' as const) : ('N' as const),
        };
      } catch (err) {
        if (err instanceof DomainError && (err.rule === 'photo_id_duplicate' || err.rule === 'mobile_full'))
          throw new V2Error(err.rule === 'mobile_full' ? 'BENDOC0038' : 'BENDOC0022', err.message, 409);
        throw err;
      }
    },
  );

  app.get(
    '/api/v2/vaccinator/beneficiaries/findByReferenceId',
    {
      preHandler: guard,
      schema: {
        tags: VACCINATOR_TAGS,
        operationId: 'vaccinatorFindByReferenceId',
        security: VACCINATOR_SECURITY,
        summary: "A beneficiary of the key's state by reference id, with vaccination status and appointments (audited)",
        querystring: Type.Object({
          beneficiary_reference_id: Type.Optional(Type.String({ examples: ['12345678901234'] })),
        }),
        response: { 200: { ...VaccinatorBeneficiary, examples: [BENEFICIARY_EXAMPLE] }, ...errors(400, 401) },
      },
    },
    async (req) => {
      const raw = req.query.beneficiary_reference_id;
      if (!raw) throw badInput('Input parameter missing: beneficiary_reference_id');
      const referenceId = normalizeReferenceId(raw);
      const [found] = await beneficiariesInState(app.store.db, keyOf(req).stateId!, { referenceId });
      // A miss is logged too: probing for records leaves a trail.
      await logReads(req, [
        { operation: 'findByReferenceId', recordKind: 'beneficiary', recordRef: String(referenceId) },
      ]);
      if (!found)
        throw new V2Error(
          'BENDOC0012',
          `No beneficiary with reference id ${referenceId} is registered in this key's state`,
        );
      return (await views(app, [found]))[0];
    },
  );

  app.get(
    '/api/v2/vaccinator/beneficiaries/findByMobile',
    {
      preHandler: guard,
      schema: {
        tags: VACCINATOR_TAGS,
        operationId: 'vaccinatorFindByMobile',
        security: VACCINATOR_SECURITY,
        summary: "The beneficiaries of the key's state linked to a mobile number (audited; never another state's)",
        querystring: Type.Object({ mobile_number: Type.Optional(Type.String({ examples: ['9876543210'] })) }),
        response: {
          200: Type.Object(
            { beneficiaries: Type.Array(VaccinatorBeneficiary) },
            { examples: [{ beneficiaries: [BENEFICIARY_EXAMPLE] }] },
          ),
          ...errors(400, 401),
        },
      },
    },
    async (req) => {
      if (!req.query.mobile_number) throw badInput('Input parameter missing: mobile_number');
      const mobile = normalizeMobile(req.query.mobile_number, 'mobile_number');
      const people = await beneficiariesInState(app.store.db, keyOf(req).stateId!, { mobile });
      await logReads(req, [
        { operation: 'findByMobile', recordKind: 'mobile', recordRef: maskTail(mobile) },
        ...people.map((p) => ({
          operation: 'findByMobile',
          recordKind: 'beneficiary' as const,
          recordRef: String(p.reference_id),
        })),
      ]);
      return { beneficiaries: await views(app, people) };
    },
  );
};
