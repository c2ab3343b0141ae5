// GET /admin/v1/audit: the audit log of reads of people's records (admin operators only, like
// every /admin/v1 route), filtered by actor (key:ID, operator:ID, guest:ID), record, operation
// and time, newest first.
import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { parseActor, queryAudit } from '../../core/cowin/audit-log.js';
import { ok, partnerResponses } from '../partner/index.js';
import { OPERATOR_SECURITY } from './guard.js';

const Entry = Type.Object({
  id: Type.Integer(),
  at: Type.String(),
  actor: Type.String(),
  actor_kind: Type.String(),
  actor_id: Type.Integer(),
  operation: Type.String(),
  record_kind: Type.String(),
  record_ref: Type.String(),
});
const EXAMPLE = {
  id: 41,
  at: '2026-05-01T09:30:00.000Z',
  actor: 'key:7',
  actor_kind: 'api_key',
  actor_id: 7,
  operation: 'findByMobile',
  record_kind: 'beneficiary',
  record_ref: '12345678901234',
};

export const auditAdminRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/',
    {
      schema: {
        tags: ['Operators'],
        operationId: 'queryAuditLog',
        security: OPERATOR_SECURITY,
        summary: "The audit log of reads of people's records (who, which record, when, which operation)",
        querystring: Type.Object({
          actor: Type.Optional(Type.String({ pattern: '^(key|operator|guest):\\d{1,9}$', examples: ['key:7'] })),
          record: Type.Optional(Type.String({ maxLength: 40, examples: ['12345678901234'] })),
          operation: Type.Optional(Type.String({ maxLength: 60, examples: ['findByMobile'] })),
          from: Type.Optional(Type.String({ format: 'date-time', examples: ['2026-05-01T00:00:00Z'] })),
          to: Type.Optional(Type.String({ format: 'date-time', examples: ['2026-05-02T00:00:00Z'] })),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })),
        }),
        response: partnerResponses(Type.Object({ entries: Type.Array(Entry) }), { entries: [EXAMPLE] }),
      },
    },
    async (req) => {
      const q = req.query;
      const actor = q.actor ? parseActor(q.actor) : undefined;
      const entries = await queryAudit(app.store.db, {
        actorKind: actor?.kind,
        actorId: actor?.id,
        recordRef: q.record,
        operation: q.operation,
        from: q.from,
        to: q.to,
        limit: q.limit,
      });
      return ok({ entries });
    },
  );
};
