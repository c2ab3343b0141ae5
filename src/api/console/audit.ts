// The audit log page (admin role): who read which person's record, when, through which
// operation — API keys on the Vaccinator and certificate APIs, operators' console lookups —
// filtered by actor, record and operation, newest first (core/cowin/audit-log.ts; the same
// query as `careslot audit` and GET /admin/v1/audit).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { parseActor, queryAudit } from '../../core/cowin/audit-log.js';
import { html } from './html.js';
import { page, viewOf } from './layout.js';
import { CONSOLE, requireConsoleOperator } from './session.js';

export const auditRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/audit',
    {
      preValidation: requireConsoleOperator(['admin']),
      schema: {
        hide: true,
        querystring: Type.Object(
          {
            actor: Type.Optional(Type.String({ maxLength: 30 })),
            record: Type.Optional(Type.String({ maxLength: 40 })),
            operation: Type.Optional(Type.String({ maxLength: 60 })),
          },
          { examples: [{ actor: 'key:7', record: '12345678901234' }] },
        ),
      },
    },
    async (req, reply) => {
      const v = viewOf(req);
      const actorText = req.query.actor?.trim() ?? '';
      const record = req.query.record?.trim() ?? '';
      const operation = req.query.operation?.trim() ?? '';
      const actor = actorText ? parseActor(actorText) : undefined;
      const entries = await queryAudit(app.store.db, {
        actorKind: actor?.kind,
        actorId: actor?.id,
        recordRef: record || undefined,
        operation: operation || undefined,
        limit: 200,
      });
      const table = entries.length
        ? html`<div class="table-wrap"><table id="audit-log"><thead><tr><th scope="col">${v.t('col.time')}</th>
          <th scope="col">${v.t('col.actor')}</th><th scope="col">${v.t('col.operation')}</th><th scope="col">${v.t('col.record')}</th></tr></thead>
          <tbody>${entries.map(
            (e) =>
              html`<tr data-audit="${e.id}"><td>${e.at}</td><td>${e.actor}</td><td>${e.operation}</td><td>${e.record_kind} ${e.record_ref}</td></tr>`,
          )}</tbody></table></div>`
        : html`<p role="status">${v.t('audit.none')}</p>`;
      return reply.type('text/html; charset=utf-8').send(
        page(
          v,
          v.t('audit.title'),
          html`<form method="get" action="${CONSOLE}/audit" role="search">
            <label for="actor">${v.t('audit.actor')}</label>
            <input id="actor" name="actor" type="text" value="${actorText}" pattern="(key|operator|guest):[0-9]+">
            <label for="record">${v.t('audit.record')}</label>
            <input id="record" name="record" type="search" value="${record}">
            <label for="operation">${v.t('audit.operation')}</label>
            <input id="operation" name="operation" type="text" value="${operation}">
            <button type="submit">${v.t('audit.submit')}</button></form>${table}`,
        ),
      );
    },
  );
};
