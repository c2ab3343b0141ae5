// Partners of the Kids Vaccination and Video Consultation APIs (admin role): list, create,
// rotate the signing secret, end a rotation, disable and enable — the core functions the
// `careslot partner` CLI uses — and the checkout origins a booking's return_url and cancel_url
// may use. A new token or secret is shown once, on the page that made it.
// Each partner's webhook endpoints and deliveries are on its own page (./webhooks.ts).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import {
  createPartner,
  listPartners,
  retireOldSecrets,
  rotateSecret,
  setPartnerActive,
} from '../../core/partners/partners.js';
import { setCheckoutOrigins } from '../../core/partners/checkout-urls.js';
import { SANDBOX_PRD_ID } from '../../sandbox/kids.js';
import { html, type Html } from './html.js';
import { csrfField, notice, page, viewOf, type View } from './layout.js';
import { CONSOLE, CSRF_FIELD, requireConsoleOperator } from './session.js';

const action = (v: View, code: string, what: string, label: string, secondary = true) =>
  html`<form class="inline" method="post" action="${CONSOLE}/partners/${code}/${what}">${csrfField(v)}
    <button type="submit"${secondary ? html` class="secondary"` : ''}>${label}</button></form>`;

async function partnersPage(req: FastifyRequest, message?: Html): Promise<string> {
  const v = viewOf(req);
  const partners = await listPartners(req.server.store.db);
  return page(
    v,
    v.t('partners.title'),
    html`${message ?? ''}
    <div class="table-wrap"><table id="partners"><thead><tr><th scope="col">${v.t('col.partnerId')}</th><th scope="col">${v.t('col.name')}</th>
      <th scope="col">${v.t('col.status')}</th><th scope="col">${v.t('col.products')}</th><th scope="col">${v.t('col.activeSecrets')}</th><th scope="col">Checkout origins</th><th scope="col">${v.t('col.actions')}</th></tr></thead>
    <tbody>${partners.map(
      (p) => html`<tr data-partner="${p.partner_id}"><td>${p.partner_id}</td><td>${p.name}</td>
      <td>${p.active ? 'active' : 'disabled'}</td><td>${p.prd_ids.join(', ')}</td><td>${p.active_secrets}</td>
      <td><form class="inline" method="post" action="${CONSOLE}/partners/${p.partner_id}/origins">${csrfField(v)}
        <label for="origins-${p.partner_id}" class="visually-hidden">Checkout origins of ${p.partner_id}</label>
        <input id="origins-${p.partner_id}" name="origins" type="text" maxlength="2000" value="${p.checkout_origins.join(' ')}" placeholder="https://app.example.com">
        <button type="submit" class="secondary">Save</button></form></td>
      <td>${action(v, p.partner_id, 'rotate', v.t('partners.rotate'))}
        ${p.active_secrets > 1 ? action(v, p.partner_id, 'retire', v.t('action.endRotation')) : ''}
        ${p.active ? action(v, p.partner_id, 'disable', v.t('partners.disable')) : action(v, p.partner_id, 'enable', v.t('partners.enable'))}
        <a href="${CONSOLE}/partners/${p.partner_id}/webhooks">${v.t('partners.webhooks')}</a></td></tr>`,
    )}</tbody></table></div>
    <h2>${v.t('partners.create')}</h2>
    <form method="post" action="${CONSOLE}/partners">${csrfField(v)}
      <label for="name">${v.t('partners.name')}</label><input id="name" name="name" type="text" maxlength="200" required>
      <label for="prd_ids">${v.t('partners.prdIds')}</label><input id="prd_ids" name="prd_ids" type="text" maxlength="500">
      <p><button type="submit">${v.t('partners.create')}</button></p></form>`,
  );
}

const shownOnce = (label: string, value: string) =>
  html`<p>${label}: <span class="secret" data-secret>${value}</span></p>`;

const CsrfOnly = Type.Object({ [CSRF_FIELD]: Type.String() }, { examples: [{ _csrf: '…' }] });

export const partnerRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const guard = requireConsoleOperator(['admin']);
  const send = async (req: FastifyRequest, message?: Html) => partnersPage(req, message);
  app.get('/partners', { preValidation: guard, schema: { hide: true } }, async (req, reply) =>
    reply.type('text/html; charset=utf-8').send(await send(req)),
  );

  app.post(
    '/partners',
    {
      preValidation: guard,
      schema: {
        hide: true,
        body: Type.Object(
          {
            name: Type.String({ minLength: 1, maxLength: 200 }),
            prd_ids: Type.Optional(Type.String({ maxLength: 500 })),
            [CSRF_FIELD]: Type.String(),
          },
          { examples: [{ name: 'Acme Health', prd_ids: 'KV-RIYADH', _csrf: '…' }] },
        ),
      },
    },
    async (req, reply) => {
      const v = viewOf(req);
      const given = (req.body.prd_ids ?? '').split(/[\s,]+/).filter(Boolean);
      const prdIds = given.length ? given : app.config.mode === 'sandbox' ? [SANDBOX_PRD_ID] : [];
      const c = await createPartner(app.store, app.config.secret, { name: req.body.name, prdIds });
      const msg = notice(
        'ok',
        html`Partner ${c.partner.code} created. ${v.t('partners.shownOnce')}
        ${shownOnce('Token', c.token)}${shownOnce('Secret', c.secret)}`,
      );
      return reply.type('text/html; charset=utf-8').send(await send(req, msg));
    },
  );

  app.post(
    '/partners/:code/origins',
    {
      preValidation: guard,
      schema: {
        hide: true,
        params: Type.Object({ code: Type.String({ maxLength: 60 }) }),
        body: Type.Object(
          { origins: Type.String({ maxLength: 2000 }), [CSRF_FIELD]: Type.String() },
          { examples: [{ origins: 'https://app.example.com https://staging.example.com', _csrf: '…' }] },
        ),
      },
    },
    async (req, reply) => {
      const { code } = req.params;
      const add = req.body.origins.split(/[\s,]+/).filter(Boolean);
      const origins = await setCheckoutOrigins(app.store.db, code, { add, replace: true });
      const msg = notice('ok', `Checkout origins of ${code}: ${origins.join(', ') || 'none'}.`);
      return reply.type('text/html; charset=utf-8').send(await send(req, msg));
    },
  );

  const Action = Type.Object(
    {
      code: Type.String({ maxLength: 60 }),
      what: Type.Union([
        Type.Literal('rotate'),
        Type.Literal('retire'),
        Type.Literal('disable'),
        Type.Literal('enable'),
      ]),
    },
    { examples: [{ code: 'ptn_abcdefghijklmnop', what: 'rotate' }] },
  );
  app.post(
    '/partners/:code/:what',
    { preValidation: guard, schema: { hide: true, params: Action, body: CsrfOnly } },
    async (req, reply) => {
      const v = viewOf(req);
      const { code, what } = req.params;
      let msg: Html;
      if (what === 'rotate') {
        const r = await rotateSecret(app.store, app.config.secret, code);
        msg = notice(
          'ok',
          html`New secret for ${code}; ${r.active} secrets are active until you end the rotation. ${v.t('partners.shownOnce')}
          ${shownOnce('Secret', r.secret)}`,
        );
      } else if (what === 'retire') {
        const n = await retireOldSecrets(app.store, code);
        msg = notice('ok', `Rotation of ${code} ended: ${n} older secret(s) retired.`);
      } else {
        const p = await setPartnerActive(app.store, code, what === 'enable');
        msg = notice('ok', `Partner ${p.code} ${what === 'enable' ? 'enabled' : 'disabled'}.`);
      }
      return reply.type('text/html; charset=utf-8').send(await send(req, msg));
    },
  );
};
