// The console's API keys page (admin): keys listed without their value or hash, created with the
// key shown once, disabled and enabled through the same core as `careslot apikey`, names
// escaped, the admin role and the CSRF token required.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { hashApiKey, listApiKeys, verifyApiKey } from '../../src/core/cowin/api-keys.js';
import { testApp, type TestApp } from '../helpers/app.js';
import { FORM, form, poster, session, type Session } from './fixtures.js';

describe('console API keys', () => {
  let t: TestApp;
  let admin: Session;
  before(async () => {
    t = await testApp();
    admin = await session(t, 'admin');
  });
  after(() => t?.close());

  const post = (url: string, fields: Record<string, string | number>) => poster(t.app, admin)(url, fields);
  const get = (s: Session) => t.app.inject({ method: 'GET', url: '/console/api-keys', headers: { cookie: s.cookie } });
  const verify = (key: string) => verifyApiKey(t.store.db, key, { sandbox: t.config.mode === 'sandbox' });

  it('creates a key shown once, lists it without its value or hash, and escapes its name', async () => {
    const res = await post('/console/api-keys', { name: 'Helpline <app> & "co"', scope: 'public' });
    assert.equal(res.statusCode, 200);
    const key = /x-api-key: <span class="secret" data-secret>([^<]+)</.exec(res.body)![1];
    assert.match(key, /^[A-Za-z0-9_-]{40}$/);
    assert.match(res.body, /<td>Helpline &lt;app&gt; &amp; &quot;co&quot;<\/td>/);
    assert.doesNotMatch(res.body, /<app>/);
    const made = (await listApiKeys(t.store.db)).find((k) => k.name === 'Helpline <app> & "co"')!;
    assert.equal(made.scope, 'public');
    assert.equal(made.hint, key.slice(-4));
    assert.equal(made.disabled, false);
    assert.equal((await verify(key))?.scope, 'public');

    const list = await get(admin);
    assert.equal(list.statusCode, 200);
    assert.match(list.body, /<h1>API keys<\/h1>/);
    assert.doesNotMatch(list.body, /Not available yet/);
    assert.doesNotMatch(list.body, new RegExp(key), 'the key is never shown again');
    assert.doesNotMatch(list.body, new RegExp(hashApiKey(key)), 'nor its hash');
    const row = new RegExp(
      `<tr data-api-key="${made.id}"><td>${made.id}</td><td>Helpline &lt;app&gt; &amp; &quot;co&quot;</td><td>…${made.hint}</td><td>public</td>`,
    );
    assert.match(list.body, row);
    assert.match(list.body, new RegExp(`<td>Helpline &lt;app&gt; &amp; &quot;co&quot; \\(${made.guest_id}\\)</td>`));
  });

  it('creates protected keys by default, vaccinator keys with a state, and refuses an empty name, an unknown scope or a stateless vaccinator key', async () => {
    const res = await post('/console/api-keys', { name: 'District app' });
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /created \(scope protected, guest account \d+\)/);
    const key = /data-secret>([^<]+)</.exec(res.body)![1];
    assert.equal((await verify(key))?.scope, 'protected');
    assert.equal((await post('/console/api-keys', { name: '  ' })).statusCode, 400);
    assert.equal((await post('/console/api-keys', { name: 'State app', scope: 'vaccinator' })).statusCode, 400);
    assert.equal((await post('/console/api-keys', { name: 'State app', scope: 'root' })).statusCode, 400);
    const state = await post('/console/api-keys', { name: 'State app', scope: 'vaccinator', state_id: '21' });
    assert.equal(state.statusCode, 200, state.body);
    assert.match(state.body, /created \(scope vaccinator, state 21, guest account \d+\)/);
    const stateKey = /data-secret>([^<]+)</.exec(state.body)![1];
    assert.deepEqual([(await verify(stateKey))?.scope, (await verify(stateKey))?.stateId], ['vaccinator', 21]);
  });

  it('disables and enables a key, which the API then refuses and accepts', async () => {
    const res = await post('/console/api-keys', { name: 'Toggle me' });
    const key = /data-secret>([^<]+)</.exec(res.body)![1];
    const { id } = (await listApiKeys(t.store.db)).find((k) => k.name === 'Toggle me')!;
    const off = await post(`/console/api-keys/${id}/disable`, {});
    assert.equal(off.statusCode, 200);
    assert.match(off.body, new RegExp(`API key ${id} disabled`));
    assert.equal(await verify(key), undefined);
    const listed = (await listApiKeys(t.store.db)).find((k) => k.id === id)!;
    assert.equal(listed.disabled, true);
    assert.ok(listed.disabled_at);
    assert.match(off.body, new RegExp(`action="/console/api-keys/${id}/enable"`));
    assert.equal((await post(`/console/api-keys/${id}/enable`, {})).statusCode, 200);
    assert.ok(await verify(key));
    assert.equal((await listApiKeys(t.store.db)).find((k) => k.id === id)!.disabled_at, null);
    const missing = await post('/console/api-keys/987654321/disable', {});
    assert.equal(missing.statusCode, 404);
    assert.match(missing.body, /there is no API key 987654321/);
  });

  it('answers 403 to a facility operator and hides the page from its navigation', async () => {
    const facility = await session(t, 'facility');
    assert.equal((await get(facility)).statusCode, 403);
    const before = (await listApiKeys(t.store.db)).length;
    const create = await poster(t.app, facility)('/console/api-keys', { name: 'Not mine' });
    assert.equal(create.statusCode, 403);
    const { id } = (await listApiKeys(t.store.db))[0];
    assert.equal((await poster(t.app, facility)(`/console/api-keys/${id}/disable`, {})).statusCode, 403);
    assert.equal((await listApiKeys(t.store.db)).length, before);
    assert.equal((await listApiKeys(t.store.db))[0].disabled, false);
    const home = await t.app.inject({ method: 'GET', url: '/console', headers: { cookie: facility.cookie } });
    assert.doesNotMatch(home.body, /href="\/console\/api-keys"/);
  });

  it('refuses a create or a disable without the session CSRF token', async () => {
    const before = (await listApiKeys(t.store.db)).length;
    const noToken = await t.app.inject({
      method: 'POST',
      url: '/console/api-keys',
      headers: { ...FORM, cookie: admin.cookie },
      payload: form({ name: 'Forged' }),
    });
    assert.equal(noToken.statusCode, 403);
    const other = await session(t, 'admin');
    const { id } = (await listApiKeys(t.store.db))[0];
    const wrong = await t.app.inject({
      method: 'POST',
      url: `/console/api-keys/${id}/disable`,
      headers: { ...FORM, cookie: admin.cookie },
      payload: form({ _csrf: other.csrf }),
    });
    assert.equal(wrong.statusCode, 403, "another session's token does not do");
    const keys = await listApiKeys(t.store.db);
    assert.equal(keys.length, before);
    assert.equal(keys.find((k) => k.id === id)!.disabled, false);
  });
});
