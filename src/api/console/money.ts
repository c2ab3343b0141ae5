// Money and holds (admin role): payments owed back (`refund_due`) and holds that run out within
// 15 minutes, read by core/scheduling/oversight.ts.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { money } from '../../core/partners/money.js';
import { holdsExpiring, refundsDue } from '../../core/scheduling/oversight.js';
import { html } from './html.js';
import { page, viewOf } from './layout.js';
import { requireConsoleOperator } from './session.js';

export const HOLD_WINDOW_MINUTES = 15;

export const moneyRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/money',
    { preValidation: requireConsoleOperator(['admin']), schema: { hide: true } },
    async (req, reply) => {
      const v = viewOf(req);
      const now = new Date();
      const [refunds, holds] = await Promise.all([
        refundsDue(app.store.db),
        holdsExpiring(app.store.db, now, HOLD_WINDOW_MINUTES),
      ]);
      const none = html`<p>${v.t('common.none')}</p>`;
      return reply.type('text/html; charset=utf-8').send(
        page(
          v,
          v.t('nav.money'),
          html`<h2>${v.t('money.refunds')}</h2>
        ${
          refunds.length === 0
            ? none
            : html`<div class="table-wrap"><table id="refunds"><thead><tr><th scope="col">${v.t('col.payment')}</th><th scope="col">${v.t('col.booking')}</th>
          <th scope="col">${v.t('col.channel')}</th><th scope="col">${v.t('col.amount')}</th><th scope="col">${v.t('col.provider')}</th><th scope="col">${v.t('col.since')}</th></tr></thead>
          <tbody>${refunds.map(
            (r) => html`<tr><td>${r.payment}</td><td>${r.booking}</td><td>${r.channel}</td>
            <td>${money(r.amount_minor, r.currency).display}</td><td>${r.provider}</td><td>${r.since}</td></tr>`,
          )}</tbody></table></div>`
        }
        <h2>${v.t('money.holds')}</h2>
        ${
          holds.length === 0
            ? none
            : html`<div class="table-wrap"><table id="holds"><thead><tr><th scope="col">${v.t('col.booking')}</th><th scope="col">${v.t('col.channel')}</th>
          <th scope="col">${v.t('col.seats')}</th><th scope="col">${v.t('col.holdEnds')}</th><th scope="col">${v.t('col.slot')}</th><th scope="col">${v.t('col.place')}</th></tr></thead>
          <tbody>${holds.map(
            (h) => html`<tr><td>${h.booking}</td><td>${h.channel}</td><td>${h.seats}</td><td>${h.expires_at}</td>
            <td>${h.slot_start}</td><td>${h.place}</td></tr>`,
          )}</tbody></table></div>`
        }`,
        ),
      );
    },
  );
};
