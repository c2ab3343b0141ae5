// The console's account pages (admin): guest accounts and partners created, disabled and
// enabled through the same core as the CLI, with credentials shown once and names escaped.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { findEnabledGuest, listGuests } from '../../src/core/cowin/guests.js';
import { listPartners } from '../../src/core/partners/partners.js';
import { partnerByToken } from '../../src/core/partners/lookups.js';
import { guestToken } from '../cowin/api-helpers.js';
import { testApp, type TestApp } from '../helpers/app.js';
import { poster, session, type Session } from './fixtures.js';

describe('console accounts', () => {
  let t: TestApp;
  let admin: Session;
  before(async () => {
    t = await testApp();
    admin = await session(t, 'admin');
  });
  after(() => t?.close());

  const post = (url: string, fields: Record<string, string | number>) => poster(t.app, admin)(url, fields);

  it('creates a guest account, shows its user_name once, and disables it', async () => {
    const res = await post('/console/guests', { name: 'Helpline <app>' });
    assert.equal(res.statusCode, 200);
    const userName = /user_name: <span class="secret" data-secret>([^<]+)</.exec(res.body)![1];
    assert.match(res.body, /<td>Helpline &lt;app&gt;<\/td>/);
    const guest = (await listGuests(t.store.db)).find((g) => g.name === 'Helpline <app>')!;
    assert.equal(guest.hint, userName.slice(-4));
    const list = await t.app.inject({ method: 'GET', url: '/console/guests', headers: { cookie: admin.cookie } });
    assert.doesNotMatch(list.body, new RegExp(userName), 'the user_name is never shown again');
    // A token of the guest, used once (so its enabled status is remembered), then refused at once.
    const token = await guestToken(t.config, String(guest.id));
    const findByPin = () =>
      t.app.inject({
        url: '/api/v1/appointment/centers/findByPin?pin=411001',
        headers: { authorization: `Bearer ${token}` },
      });
    assert.equal((await findByPin()).statusCode, 200);
    assert.equal((await post(`/console/guests/${guest.id}/disable`, {})).statusCode, 200);
    assert.equal(await findEnabledGuest(t.store.db, userName), undefined);
    assert.equal((await findByPin()).statusCode, 401, "the guest's tokens stop working at once");
    assert.equal((await post(`/console/guests/${guest.id}/enable`, {})).statusCode, 200);
    assert.ok(await findEnabledGuest(t.store.db, userName));
    assert.equal((await findByPin()).statusCode, 200);
    const missing = await post('/console/guests/987654321/disable', {});
    assert.equal(missing.statusCode, 404);
    assert.match(missing.body, /there is no guest account 987654321/);
  });

  it('creates a partner with its token and secret shown once, then disables and enables it', async () => {
    const res = await post('/console/partners', { name: 'Acme Health', prd_ids: 'KV-SANDBOX' });
    assert.equal(res.statusCode, 200);
    const token = /Token: <span class="secret" data-secret>([^<]+)</.exec(res.body)![1];
    const partner = await partnerByToken(t.store.db, token);
    assert.equal(partner?.name, 'Acme Health');
    const code = partner!.code;
    assert.equal((await post(`/console/partners/${code}/disable`, {})).statusCode, 200);
    assert.equal((await listPartners(t.store.db)).find((p) => p.partner_id === code)?.active, false);
    assert.equal((await post(`/console/partners/${code}/enable`, {})).statusCode, 200);
    assert.equal((await listPartners(t.store.db)).find((p) => p.partner_id === code)?.active, true);
    const bad = await post('/console/partners', { name: 'Bad codes', prd_ids: 'not a code!' });
    assert.equal(bad.statusCode, 400);
    const unknown = await post('/console/partners/ptn_nobody/rotate', {});
    assert.equal(unknown.statusCode, 404);
    assert.match(unknown.body, /partner ptn_nobody does not exist/);
  });

  it("sets a partner's checkout origins, which its bookings' return_url must use; refuses one with a path", async () => {
    const res = await post('/console/partners', { name: 'Origins Health' });
    const token = /Token: <span class="secret" data-secret>([^<]+)</.exec(res.body)![1];
    const code = (await partnerByToken(t.store.db, token))!.code;
    const set = await post(`/console/partners/${code}/origins`, {
      origins: 'https://app.example.com/ http://localhost:5173',
    });
    assert.equal(set.statusCode, 200);
    assert.match(set.body, /Checkout origins of ptn_\w+: https:\/\/app\.example\.com, http:\/\/localhost:5173\./);
    assert.deepEqual((await listPartners(t.store.db)).find((p) => p.partner_id === code)?.checkout_origins, [
      'https://app.example.com',
      'http://localhost:5173',
    ]);
    const bad = await post(`/console/partners/${code}/origins`, { origins: 'https://app.example.com/done' });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /is not an origin: give the scheme, host and optional port only/);
    const cleared = await post(`/console/partners/${code}/origins`, { origins: '' });
    assert.equal(cleared.statusCode, 200);
    assert.deepEqual((await listPartners(t.store.db)).find((p) => p.partner_id === code)?.checkout_origins, []);
  });
});
