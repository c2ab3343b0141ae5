// Beneficiaries of the bearer token's mobile number: register (beneficiary/new), delete
// (beneficiary/delete, 204), and list with their appointments (v4/appointment/beneficiaries,
// also at the 2021 path /api/v2/appointment/beneficiaries). Mobile and photo-ID numbers are
// masked; a token sees only its own mobile's beneficiaries.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import {
  deleteBeneficiary,
  linkedBeneficiaries,
  normalizeBeneficiary,
  normalizeReferenceId,
  registerBeneficiary,
} from '../../core/cowin/beneficiaries/index.js';
import { PHOTO_ID_TYPES } from '../../core/cowin/photo-id.js';
import { logReads } from './audit.js';
import { keyOf, mobileOf } from './auth.js';
import { liveAppointments } from './appointment-view.js';
import { V2Error } from './errors.js';
import { maskPhotoId } from './present.js';
import { AppointmentV2, BENEFICIARY_IDENTITY, BENEFICIARY_SECURITY, errors, TAGS } from './schemas.js';
import { summariesOf } from '../../core/cowin/vaccinations.js';
import { vaccinationFields } from './vaccinator/present.js';

const NewBody = Type.Object(
  {
    name: Type.Optional(Type.String()),
    birth_year: Type.Optional(Type.Union([Type.String(), Type.Integer()])),
    gender_id: Type.Optional(Type.Union([Type.Integer(), Type.String()])),
    photo_id_type: Type.Optional(Type.Union([Type.Integer(), Type.String()])),
    photo_id_number: Type.Optional(Type.String()),
    consent_version: Type.Optional(Type.String()),
  },
  {
    examples: [
      {
        name: 'Apparao',
        birth_year: '1980',
        gender_id: 1,
        photo_id_type: 6,
        photo_id_number: 'ABCDE1234F',
        consent_version: '1',
      },
    ],
  },
);

/** The vaccination fields of a beneficiary with no dose; recorded doses override them (vaccinationFields). */
const NOT_VACCINATED = {
  comorbidity_ind: 'N' as const,
  vaccination_status: 'Not Vaccinated',
  vaccine: '',
  referral_count: 0,
  is_referral_member: 'No',
  precaution_dose_one_date: '',
  precaution_dose: 0,
  certificate_updated: 'No',
  is_eligible_for_precaution: 'false',
  due_dose: 1,
  dose1_date: '',
  dose2_date: '',
  next_vaccination_date: '',
  last_date: '',
};

const str = Type.String();
const Beneficiary = Type.Object({
  ...BENEFICIARY_IDENTITY,
  vaccination_status: str,
  vaccine: str,
  referral_count: Type.Integer(),
  is_referral_member: str,
  precaution_dose_one_date: str,
  precaution_dose: Type.Integer(),
  certificate_updated: str,
  is_eligible_for_precaution: str,
  due_dose: Type.Integer(),
  dose1_date: str,
  dose2_date: str,
  next_vaccination_date: str,
  last_date: str,
  appointments: Type.Array(AppointmentV2),
});
const Beneficiaries = Type.Object(
  { beneficiaries: Type.Array(Beneficiary) },
  {
    examples: [
      {
        beneficiaries: [
          {
            beneficiary_reference_id: '72259525742980',
            name: 'Apparao',
            birth_year: '1980',
            gender: 'Male',
            mobile_number: '3210',
            photo_id_type: 'PAN Card',
            photo_id_number: 'XXXXXX234F',
            ...NOT_VACCINATED,
            appointments: [],
          },
        ],
      },
    ],
  },
);

const ID_TYPE = new Map(PHOTO_ID_TYPES.map((t) => [t.id, t.type]));

export const beneficiaryRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const ids = app.cowinV2Ids;
  const guard = app.cowinV2Auth.beneficiary;

  app.post(
    '/api/v2/registration/beneficiary/new',
    {
      preHandler: guard,
      schema: {
        operationId: 'registerBeneficiary',
        tags: TAGS,
        security: BENEFICIARY_SECURITY,
        summary: "Register a beneficiary with the bearer token's mobile number",
        description:
          'photo_id_number is the full number (checked like v1 registration: Aadhaar check digit, PAN, passport… formats), not its last 4 digits.',
        body: NewBody,
        response: {
          200: Type.Object(
            { beneficiary_reference_id: Type.String({ maxLength: 14 }) },
            { examples: [{ beneficiary_reference_id: '12345678901234' }] },
          ),
          ...errors(400, 401),
        },
      },
    },
    async (req) => {
      const b = req.body ?? {};
      const required: [keyof typeof b, string, string][] = [
        ['name', 'BENDOC0025', 'Name of individual is required'],
        ['birth_year', 'BENDOC0026', 'Birth Year of individual is required!'],
        ['gender_id', 'BENDOC0027', 'Gender of individual is required!'],
        ['photo_id_type', 'BENDOC0031', 'Photo ID of individual is required'],
        ['photo_id_number', 'BENDOC0032', 'Photo ID number is required!'],
        ['consent_version', 'BENDOC0037', 'Consent version is required'],
      ];
      for (const [field, code, message] of required)
        if (b[field] === undefined || String(b[field]).trim() === '') throw new V2Error(code, `${message} (${field})`);
      const input = normalizeBeneficiary({
        name: b.name!,
        birth_year: b.birth_year!,
        gender: b.gender_id!,
        mobile_number: mobileOf(req),
        photo_id_type: b.photo_id_type!,
        photo_id_number: b.photo_id_number!,
        consent: 'Y',
      });
      const created = await registerBeneficiary(app.store, keyOf(req).guestId, input);
      return { beneficiary_reference_id: String(created.reference_id) };
    },
  );

  app.post(
    '/api/v2/registration/beneficiary/delete',
    {
      preHandler: guard,
      schema: {
        operationId: 'deleteBeneficiary',
        tags: TAGS,
        security: BENEFICIARY_SECURITY,
        summary: "Delete a beneficiary of the bearer token's mobile number (204)",
        body: Type.Object(
          { beneficiary_reference_id: Type.Optional(Type.Union([Type.String(), Type.Integer()])) },
          { examples: [{ beneficiary_reference_id: '12345678901234' }] },
        ),
        response: { 204: Type.Null({ description: 'Deleted' }), ...errors(400, 401) },
      },
    },
    async (req, reply) => {
      const raw = req.body?.beneficiary_reference_id;
      if (raw === undefined || raw === '') throw new V2Error('BENDOC0046', 'beneficiary_reference_id is required');
      await deleteBeneficiary(app.store, normalizeReferenceId(raw), { mobile: mobileOf(req) });
      return reply.code(204).send(null);
    },
  );

  for (const prefix of ['/api/v4', '/api/v2']) {
    app.get(
      `${prefix}/appointment/beneficiaries`,
      {
        preHandler: guard,
        schema: {
          operationId: 'beneficiaries',
          tags: TAGS,
          security: BENEFICIARY_SECURITY,
          summary:
            prefix === '/api/v4'
              ? "Beneficiaries of the bearer token's mobile number, with their appointments"
              : '2021 path of /api/v4/appointment/beneficiaries',
          hide: prefix !== '/api/v4',
          response: { 200: Beneficiaries, ...errors(401) },
        },
      },
      async (req) => {
        const mobile = mobileOf(req);
        const people = await linkedBeneficiaries(app.store.db, mobile);
        const appointments = await liveAppointments(app.store.db, mobile, ids);
        const summaries = await summariesOf(
          app.store.db,
          people.map((p) => p.id),
        );
        // A read of people's records through an application's key: in the audit log.
        await logReads(
          req,
          people.map((p) => ({
            operation: 'beneficiaries',
            recordKind: 'beneficiary',
            recordRef: String(p.reference_id),
          })),
        );
        return {
          beneficiaries: people.map((p) => ({
            beneficiary_reference_id: String(p.reference_id),
            name: p.name,
            birth_year: String(p.birth_year),
            gender: p.gender,
            mobile_number: p.mobile.slice(-4),
            photo_id_type: ID_TYPE.get(p.photo_id_type) ?? String(p.photo_id_type),
            photo_id_number: maskPhotoId(p.photo_id_number),
            ...NOT_VACCINATED,
            ...vaccinationFields(summaries.get(p.id)),
            appointments: appointments
              .filter((a) => a.row.referenceIds.includes(Number(p.reference_id)))
              .map((a) => a.view),
          })),
        };
      },
    );
  }
};
