// A partner's webhook endpoints and their latest deliveries, each with its attempts, and a
// Redeliver button per delivery (admin role): the same core functions as the partner API
// (/webhooks/v1) and `careslot webhook …` (docs/webhooks.md).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import { listEndpoints } from '../../core/webhooks/endpoints.js';
import { deliveriesOf, redeliver, type DeliveryView } from '../../core/webhooks/history.js';
import { html, type Html } from './html.js';
import { csrfField, notice, page, viewOf, type View } from './layout.js';
import { CONSOLE, CSRF_FIELD, requireConsoleOperator } from './session.js';

const attempts = (d: DeliveryView) =>
  d.history.map(
    (a) =>
      html`<li>#${a.attempt} ${a.at} ${a.outcome}${a.status_code !== null ? html` (HTTP ${a.status_code})` : ''}${a.error ? html` — ${a.error}` : ''}</li>`,
  );

function deliveryRows(v: View, partner: string, deliveries: DeliveryView[]): Html {
  if (deliveries.length === 0) return html`<p class="muted">${v.t('webhooks.noDeliveries')}</p>`;
  return html`<div class="table-wrap"><table class="deliveries"><thead><tr><th scope="col">${v.t('webhooks.delivery')}</th>
    <th scope="col">${v.t('webhooks.event')}</th><th scope="col">${v.t('col.status')}</th><th scope="col">${v.t('webhooks.attempts')}</th>
    <th scope="col">${v.t('col.actions')}</th></tr></thead><tbody>${deliveries.map(
      (
        d,
      ) => html`<tr data-delivery="${d.id}"><td>${d.id}</td><td>${d.event_type}<br><span class="muted">${d.event_id}</span></td>
      <td>${d.status}${d.next_attempt_at ? html`<br><span class="muted">next ${d.next_attempt_at}</span>` : ''}</td>
      <td><ol>${attempts(d)}</ol></td>
      <td><form class="inline" method="post" action="${CONSOLE}/partners/${partner}/webhooks/${d.id}/redeliver">${csrfField(v)}
        <button type="submit" class="secondary">${v.t('webhooks.redeliver')}</button></form></td></tr>`,
    )}</tbody></table></div>`;
}

async function webhooksPage(req: FastifyRequest, partner: string, message?: Html): Promise<string> {
  const v = viewOf(req);
  const db = req.server.store.db;
  const endpoints = await listEndpoints(db, partner);
  const sections = await Promise.all(
    endpoints.map(
      async (e) => html`<section class="endpoint" data-endpoint="${e.id}" aria-labelledby="h-${e.id}">
        <h2 id="h-${e.id}">${e.url}</h2>
        <p>${e.id} · ${e.enabled ? 'enabled' : 'disabled'} · ${v.t('webhooks.events')}: ${e.events.join(', ')}</p>
        ${deliveryRows(v, partner, await deliveriesOf(db, partner, e.id))}</section>`,
    ),
  );
  return page(
    v,
    `${v.t('webhooks.title')} ${partner}`,
    html`${message ?? ''}<p><a href="${CONSOLE}/partners">${v.t('nav.partners')}</a></p>
    ${endpoints.length === 0 ? html`<p class="muted">${v.t('webhooks.none')}</p>` : sections}`,
  );
}

const Partner = Type.Object({ code: Type.String({ maxLength: 60 }) }, { examples: [{ code: 'ptn_sandbox' }] });
const Redeliver = Type.Object(
  { code: Type.String({ maxLength: 60 }), delivery: Type.String({ maxLength: 60 }) },
  { examples: [{ code: 'ptn_sandbox', delivery: 'dlv_8d2kq7m3x1a8c5f0' }] },
);

export const webhookRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const guard = requireConsoleOperator(['admin']);
  app.get(
    '/partners/:code/webhooks',
    { preValidation: guard, schema: { hide: true, params: Partner } },
    async (req, reply) => reply.type('text/html; charset=utf-8').send(await webhooksPage(req, req.params.code)),
  );
  app.post(
    '/partners/:code/webhooks/:delivery/redeliver',
    {
      preValidation: guard,
      schema: {
        hide: true,
        params: Redeliver,
        body: Type.Object({ [CSRF_FIELD]: Type.String() }, { examples: [{ _csrf: '…' }] }),
      },
    },
    async (req, reply) => {
      const r = await redeliver(app.store, req.params.code, req.params.delivery);
      const msg = notice('ok', `Delivery ${r.id} will be attempted again within seconds.`);
      return reply.type('text/html; charset=utf-8').send(await webhooksPage(req, req.params.code, msg));
    },
  );
};
