// API keys (`x-api-key`) of the CoWIN API Setu v2 dialect (admin role): list, create (the key
// — a vaccinator key with its state —
// is shown once; only its SHA-256 hash is stored), disable and enable — the core functions the
// `careslot apikey` CLI uses. A new key acts for a new guest account of the same name, as the
// CLI does without --guest. The list never shows a key nor its hash, only its last 4 characters.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import { createApiKey, listApiKeys, setApiKeyDisabledById } from '../../core/cowin/api-keys.js';
import { html, type Html } from './html.js';
import { csrfField, notice, page, viewOf } from './layout.js';
import { CONSOLE, CSRF_FIELD, requireConsoleOperator } from './session.js';
import { toggleRoute } from './toggle.js';

async function apiKeysPage(req: FastifyRequest, message?: Html): Promise<string> {
  const v = viewOf(req);
  const keys = await listApiKeys(req.server.store.db);
  return page(
    v,
    v.t('apiKeys.title'),
    html`${message ?? ''}
    <div class="table-wrap"><table id="api-keys"><thead><tr><th scope="col">${v.t('col.id')}</th><th scope="col">${v.t('col.name')}</th>
      <th scope="col">${v.t('apiKeys.endsIn')}</th><th scope="col">${v.t('col.scope')}</th><th scope="col">${v.t('col.state')}</th>
      <th scope="col">${v.t('col.guestAccount')}</th><th scope="col">${v.t('col.status')}</th><th scope="col">${v.t('col.created')}</th>
      <th scope="col">${v.t('col.disabled')}</th><th scope="col">${v.t('col.action')}</th></tr></thead>
    <tbody>${keys.map(
      (k) => html`<tr data-api-key="${k.id}"><td>${k.id}</td><td>${k.name}</td><td>…${k.hint}</td><td>${k.scope}</td>
      <td>${k.state_id ?? '–'}</td><td>${k.guest_name} (${k.guest_id})</td>
      <td>${k.disabled ? 'disabled' : 'enabled'}${k.sandbox_only ? ' (sandbox only)' : ''}</td><td>${k.created_at}</td><td>${k.disabled_at ?? '–'}</td>
      <td><form class="inline" method="post" action="${CONSOLE}/api-keys/${k.id}/${k.disabled ? 'enable' : 'disable'}">${csrfField(v)}
      <button type="submit" class="secondary">${v.t(k.disabled ? 'partners.enable' : 'partners.disable')}</button></form></td></tr>`,
    )}</tbody></table></div>
    <h2>${v.t('apiKeys.create')}</h2>
    <form method="post" action="${CONSOLE}/api-keys">${csrfField(v)}
      <label for="name">${v.t('partners.name')}</label><input id="name" name="name" type="text" maxlength="200" required>
      <label for="scope">${v.t('apiKeys.scope')}</label><select id="scope" name="scope">
        <option value="protected" selected>protected</option><option value="public">public</option>
        <option value="vaccinator">vaccinator</option></select>
      <label for="state_id">${v.t('apiKeys.state')}</label><input id="state_id" name="state_id" type="number" min="1" max="99" inputmode="numeric">
      <p class="muted">${v.t('apiKeys.guestNote')}</p>
      <p><button type="submit">${v.t('apiKeys.create')}</button></p></form>`,
  );
}

export const apiKeyRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const guard = requireConsoleOperator(['admin']);
  app.get('/api-keys', { preValidation: guard, schema: { hide: true } }, async (req, reply) =>
    reply.type('text/html; charset=utf-8').send(await apiKeysPage(req)),
  );
  app.post(
    '/api-keys',
    {
      preValidation: guard,
      schema: {
        hide: true,
        body: Type.Object(
          {
            name: Type.String({ maxLength: 200 }),
            scope: Type.Optional(
              Type.Union([Type.Literal('protected'), Type.Literal('public'), Type.Literal('vaccinator')]),
            ),
            state_id: Type.Optional(Type.Union([Type.Integer({ minimum: 1, maximum: 99 }), Type.Literal('')])),
            [CSRF_FIELD]: Type.String(),
          },
          { examples: [{ name: 'District helpline app', scope: 'protected', _csrf: '…' }] },
        ),
      },
    },
    async (req, reply) => {
      const v = viewOf(req);
      const { state_id } = req.body;
      const { apiKey, key } = await createApiKey(app.store.db, {
        name: req.body.name,
        scope: req.body.scope,
        stateId: state_id === undefined || state_id === '' ? undefined : state_id,
      });
      const msg = notice(
        'ok',
        html`API key ${apiKey.id} created (scope ${apiKey.scope}${apiKey.state_id === null ? '' : `, state ${apiKey.state_id}`}, guest account ${apiKey.guest_id}).
        x-api-key: <span class="secret" data-secret>${key}</span>. ${v.t('partners.shownOnce')}`,
      );
      return reply.type('text/html; charset=utf-8').send(await apiKeysPage(req, msg));
    },
  );
  toggleRoute(app, {
    path: '/api-keys',
    noun: 'API key',
    disabledMeans: 'it is refused at once',
    set: (a, id, disabled) => setApiKeyDisabledById(a.store.db, id, disabled),
    page: apiKeysPage,
  });
};
