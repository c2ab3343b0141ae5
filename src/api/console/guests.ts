// Guest accounts of the Registration & Appointment API (admin role): list, create (the
// user_name is shown once; only its hash is stored), disable and enable. API keys have their
// own page (api-keys.ts).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import { createGuest, listGuests, setGuestDisabledById } from '../../core/cowin/guests.js';
import { html, type Html } from './html.js';
import { csrfField, notice, page, viewOf } from './layout.js';
import { CONSOLE, CSRF_FIELD, requireConsoleOperator } from './session.js';
import { toggleRoute } from './toggle.js';

async function guestsPage(req: FastifyRequest, message?: Html): Promise<string> {
  const v = viewOf(req);
  const guests = await listGuests(req.server.store.db);
  return page(
    v,
    v.t('guests.title'),
    html`${message ?? ''}
    <div class="table-wrap"><table id="guests"><thead><tr><th scope="col">${v.t('col.name')}</th><th scope="col">user_name ends in</th>
      <th scope="col">${v.t('col.status')}</th><th scope="col">${v.t('col.created')}</th><th scope="col">${v.t('col.action')}</th></tr></thead>
    <tbody>${guests.map(
      (
        g,
      ) => html`<tr><td>${g.name}</td><td>…${g.hint}</td><td>${g.disabled ? 'disabled' : 'enabled'}</td><td>${g.created_at}</td>
      <td><form class="inline" method="post" action="${CONSOLE}/guests/${g.id}/${g.disabled ? 'enable' : 'disable'}">${csrfField(v)}
      <button type="submit" class="secondary">${v.t(g.disabled ? 'partners.enable' : 'partners.disable')}</button></form></td></tr>`,
    )}</tbody></table></div>
    <h2>${v.t('guests.create')}</h2>
    <form method="post" action="${CONSOLE}/guests">${csrfField(v)}
      <label for="name">${v.t('partners.name')}</label><input id="name" name="name" type="text" maxlength="200" required>
      <p><button type="submit">${v.t('guests.create')}</button></p></form>`,
  );
}

export const guestRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const guard = requireConsoleOperator(['admin']);
  app.get('/guests', { preValidation: guard, schema: { hide: true } }, async (req, reply) =>
    reply.type('text/html; charset=utf-8').send(await guestsPage(req)),
  );
  app.post(
    '/guests',
    {
      preValidation: guard,
      schema: {
        hide: true,
        body: Type.Object(
          { name: Type.String({ maxLength: 200 }), [CSRF_FIELD]: Type.String() },
          { examples: [{ name: 'District helpline app', _csrf: '…' }] },
        ),
      },
    },
    async (req, reply) => {
      const v = viewOf(req);
      const g = await createGuest(app.store.db, { name: req.body.name });
      const msg = notice(
        'ok',
        html`Guest account created. user_name: <span class="secret" data-secret>${g.userName}</span>. ${v.t('partners.shownOnce')}`,
      );
      return reply.type('text/html; charset=utf-8').send(await guestsPage(req, msg));
    },
  );
  toggleRoute(app, {
    path: '/guests',
    noun: 'guest account',
    disabledMeans: 'its tokens stop working at once',
    set: (a, id, disabled) => setGuestDisabledById(a.store.db, id, disabled),
    page: guestsPage,
  });
};
