// Lookups: vaccination appointments by confirmation number or beneficiary reference id, with
// mobile and photo-ID numbers masked (core/cowin/appointment-lookup.ts). A facility operator
// finds only appointments at its own centres. Every lookup, found or not, is written to the
// audit log (operator, the number looked up, and each appointment shown) before the page is
// sent; admins read the log at /console/audit.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { lookupAppointments } from '../../core/cowin/appointment-lookup.js';
import { recordReads } from '../../core/cowin/audit-log.js';
import { html } from './html.js';
import { page, viewOf } from './layout.js';
import { CONSOLE, requireConsoleOperator } from './session.js';

export const lookupRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/lookup',
    {
      preValidation: requireConsoleOperator(),
      schema: {
        hide: true,
        querystring: Type.Object(
          { q: Type.Optional(Type.String({ maxLength: 30 })) },
          { examples: [{ q: '12345678901234' }] },
        ),
      },
    },
    async (req, reply) => {
      const v = viewOf(req);
      const q = req.query.q?.trim() ?? '';
      const op = req.consoleOperator!;
      const found = q
        ? await lookupAppointments(app.store.db, { operatorId: op.id, role: op.role }, q, new Date())
        : [];
      if (q)
        await recordReads(app.store.db, { kind: 'operator', id: op.id }, [
          { operation: 'consoleLookup', recordKind: 'lookup', recordRef: q },
          ...found.map((a) => ({
            operation: 'consoleLookup',
            recordKind: 'appointment' as const,
            recordRef: String(a.confirmation_no),
          })),
        ]);
      const list = !q
        ? ''
        : found.length === 0
          ? html`<p role="status">${v.t('lookup.none')}</p>`
          : found.map(
              (a) => html`<section class="card appointment" aria-label="Appointment ${a.confirmation_no}">
              <h2>Appointment ${a.confirmation_no}</h2>
              <p><strong>${a.status}</strong>${a.cancel_reason ? html` — reason: ${a.cancel_reason}` : ''}</p>
              <p><a href="${CONSOLE}/centres/${a.centre.code}">${a.centre.name}</a>, ${a.date} ${a.from}–${a.to}</p>
              <div class="table-wrap"><table><thead><tr><th scope="col">${v.t('col.referenceId')}</th><th scope="col">${v.t('col.name')}</th>
              <th scope="col">${v.t('col.mobile')}</th><th scope="col">${v.t('col.photoId')}</th></tr></thead><tbody>
              ${a.beneficiaries.map((b) => html`<tr><td>${b.reference_id}</td><td>${b.name}</td><td>${b.mobile}</td><td>${b.photo_id}</td></tr>`)}
              </tbody></table></div></section>`,
            );
      return reply.type('text/html; charset=utf-8').send(
        page(
          v,
          v.t('lookup.title'),
          html`<form method="get" action="${CONSOLE}/lookup" role="search">
            <label for="q">${v.t('lookup.q')}</label>
            <input id="q" name="q" type="search" inputmode="numeric" value="${q}" required>
            <button type="submit">${v.t('lookup.submit')}</button></form>
          <p class="muted">${v.t('lookup.audited')}</p>${list}`,
        ),
      );
    },
  );
};
