// POST /api/v2/vaccinator/beneficiaries/vaccinate: record a dose (204). The dose, its date
// (dd-mm-yyyy: dose1_date for dose 1, dose2_date for dose 2, `date` for later doses), the
// vaccine, batch, vaccinator and centre; the rules (order, windows, the centre's vaccines, the
// key's state) are the core's (core/cowin/vaccinations.ts) and answer 400 with what to fix.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { normalizeReferenceId } from '../../../core/cowin/beneficiaries/index.js';
import { recordDose } from '../../../core/cowin/vaccinations.js';
import { parseDdMmYyyy } from '../../dates.js';
import { keyOf } from '../auth.js';
import { badInput } from '../errors.js';
import { errors } from '../schemas.js';
import { VACCINATOR_SECURITY, VACCINATOR_TAGS } from './schemas.js';

const IdLike = Type.Union([Type.String(), Type.Integer()]);
const Body = Type.Object(
  {
    beneficiary_reference_id: Type.Optional(IdLike),
    center_id: Type.Optional(IdLike),
    vaccine: Type.Optional(Type.String()),
    vaccine_batch: Type.Optional(Type.String()),
    dose: Type.Optional(IdLike),
    dose1_date: Type.Optional(Type.String()),
    dose2_date: Type.Optional(Type.String()),
    date: Type.Optional(Type.String({ description: 'dd-mm-yyyy: the date of a third or later dose' })),
    vaccinator_name: Type.Optional(Type.String()),
  },
  {
    examples: [
      {
        beneficiary_reference_id: '12345678901234',
        center_id: 1234,
        vaccine: 'COVISHIELD',
        vaccine_batch: '4121Z025',
        dose: 1,
        dose1_date: '01-03-2021',
        vaccinator_name: 'Prabha Devi',
      },
    ],
  },
);

function positive(raw: unknown, field: string): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 2_147_483_647) throw badInput(`${field} must be a positive whole number`);
  return n;
}

export const vaccinateRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/api/v2/vaccinator/beneficiaries/vaccinate',
    {
      preHandler: app.cowinV2Auth.vaccinator,
      schema: {
        tags: VACCINATOR_TAGS,
        operationId: 'vaccinatorVaccinate',
        security: VACCINATOR_SECURITY,
        summary: "Record a dose given to a beneficiary of the key's state, at a centre of that state (204)",
        description:
          "Doses go in order (dose 2 after dose 1, within the vaccine's window: COVISHIELD 84–112 days, COVAXIN 28–42…, see docs/vaccination-records.md), all of one vaccine, at a centre that gives it. A confirmed appointment of the beneficiary at that centre is linked and becomes completed.",
        body: Body,
        response: { 204: Type.Null({ description: 'Recorded' }), ...errors(400, 401) },
      },
    },
    async (req, reply) => {
      const b = req.body ?? {};
      for (const field of [
        'beneficiary_reference_id',
        'center_id',
        'vaccine',
        'vaccine_batch',
        'dose',
        'vaccinator_name',
      ] as const)
        if (b[field] === undefined || String(b[field]).trim() === '')
          throw badInput(`Input parameter missing: ${field}`);
      const dose = positive(b.dose, 'dose');
      if (dose > 9) throw badInput('dose must be 1 to 9');
      const dateField = dose === 1 ? 'dose1_date' : dose === 2 ? 'dose2_date' : 'date';
      const rawDate = b[dateField];
      if (!rawDate) throw badInput(`Input parameter missing: ${dateField} (dd-mm-yyyy), the date of dose ${dose}`);
      const givenOn = parseDdMmYyyy(rawDate);
      if (!givenOn) throw badInput(`${dateField} must be a real date as dd-mm-yyyy, e.g. 01-03-2021`);
      const key = keyOf(req);
      await recordDose(app.store, {
        referenceId: normalizeReferenceId(b.beneficiary_reference_id),
        centreId: positive(b.center_id, 'center_id'),
        vaccine: b.vaccine!,
        batch: b.vaccine_batch!,
        dose,
        givenOn,
        vaccinatorName: b.vaccinator_name!,
        apiKeyId: key.id,
        stateId: key.stateId!,
      });
      return reply.code(204).send(null);
    },
  );
};
