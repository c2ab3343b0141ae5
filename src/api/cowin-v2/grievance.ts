// Grievance status: the grievances raised by the bearer token's mobile, by beneficiary
// reference id. Careslot takes no grievances yet (the grievance operations that raise them
// need certificates and vaccination records the core does not have), so the answer is the
// YAML's empty object; docs/cowin-v2.md lists what is missing.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { mobileOf } from './auth.js';
import { BENEFICIARY_SECURITY, errors, TAGS } from './schemas.js';

const Grievance = Type.Object({
  date_created: Type.String(),
  beneficiary_reference_id: Type.Integer(),
  issue_type: Type.Integer(),
  grievance_id: Type.String(),
  status: Type.Integer(),
});
const Status = Type.Record(Type.String(), Type.Array(Grievance), {
  examples: [
    {
      '41606054078160': [
        {
          date_created: '2021-07-19T11:14:09.874Z',
          beneficiary_reference_id: 41606054078160,
          issue_type: 1,
          grievance_id: '8ca12e38-bedc-467e-acc1-34c11141a4be',
          status: 3,
        },
      ],
    },
  ],
});

export const grievanceRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/v2/grievance/beneficiary/grievanceStatus',
    {
      preHandler: app.cowinV2Auth.beneficiary,
      schema: {
        operationId: 'grievanceStatus',
        tags: TAGS,
        security: BENEFICIARY_SECURITY,
        summary: "Grievances raised for the bearer token's beneficiaries (none: Careslot takes no grievances yet)",
        response: { 200: Status, ...errors(401) },
      },
    },
    async (req) => {
      mobileOf(req);
      return {};
    },
  );
};
