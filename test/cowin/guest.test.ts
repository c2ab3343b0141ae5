// A1 guest login, guest accounts and the guest token's lifetime.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createGuest, setGuestDisabled } from '../../src/core/cowin/guests.js';
import { signToken } from '../../src/core/shared/tokens.js';
import { sandboxCredentials } from '../../src/sandbox/index.js';
import { testApp, type TestApp } from '../helpers/app.js';

describe('guest login (A1)', () => {
  let t: TestApp;
  before(async () => {
    t = await testApp();
  });
  after(async () => {
    await t.close();
  });

  const login = (user_name: unknown) =>
    t.app.inject({ method: 'POST', url: '/api/v1/auth/guest/login', payload: { user_name } });
  const probe = (token: string) =>
    t.app.inject({
      method: 'GET',
      url: '/api/v1/registration/beneficiary?beneficiary_reference_id=12345678901234',
      headers: { authorization: `Bearer ${token}` },
    });

  it('the sandbox guest printed at start logs in and gets a bare JWT valid 15 minutes', async () => {
    const creds = await sandboxCredentials(t.store, t.config);
    assert.match(creds['guest user_name'], /^[0-9a-f]{20}$/);
    const res = await login(creds['guest user_name']);
    assert.equal(res.statusCode, 200);
    assert.match(res.headers['content-type'] as string, /^text\/plain/);
    assert.match(res.body, /^[\w-]+\.[\w-]+\.[\w-]+$/, 'the body is the bare token, not JSON');
    const payload = JSON.parse(Buffer.from(res.body.split('.')[1], 'base64url').toString());
    assert.equal(payload.aud, 'careslot:guest');
    assert.equal(payload.exp - payload.iat, 15 * 60);
    // The token works on a guest endpoint (404 for an unknown beneficiary, not 401).
    assert.equal((await probe(res.body)).statusCode, 404);
  });

  it('unknown, malformed and disabled user names get 401 Unauthenticated access!', async () => {
    const { userName } = await createGuest(t.store.db, { name: 'Soon disabled' });
    assert.equal((await login(userName)).statusCode, 200);
    const token = (await login(userName)).body;
    assert.ok(await setGuestDisabled(t.store.db, userName, true));
    for (const res of [await login(userName), await login('0000000000000000000000'), await login('x')]) {
      assert.equal(res.statusCode, 401);
      assert.deepEqual(res.json(), { errorCode: 'USRAUT0001', error: 'Unauthenticated access!' });
    }
    // A token issued before the account was disabled stops working at once.
    assert.equal((await probe(token)).statusCode, 401);
    await setGuestDisabled(t.store.db, userName, false);
    assert.equal((await probe(token)).statusCode, 404);
  });

  it('a missing or mistyped user_name is a 400 naming the field', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/guest/login', payload: {} });
    assert.equal(res.statusCode, 400);
    assert.equal(res.json().errorCode, 'APPOIN0001');
    assert.match(res.json().error, /user_name/);
  });

  it('an expired guest token is refused', async () => {
    const { guest } = await createGuest(t.store.db, { name: 'Expiry' });
    const old = await signToken(
      t.config.secret,
      { kind: 'guest', sub: String(guest.id) },
      15 * 60,
      new Date(Date.now() - 16 * 60_000),
    );
    const res = await probe(old);
    assert.equal(res.statusCode, 401);
    assert.equal(res.json().errorCode, 'USRAUT0001');
    const fresh = await signToken(
      t.config.secret,
      { kind: 'guest', sub: String(guest.id) },
      15 * 60,
      new Date(Date.now() - 14 * 60_000),
    );
    assert.equal((await probe(fresh)).statusCode, 404);
  });

  it('user names are stored only as hashes', async () => {
    const { userName, guest } = await createGuest(t.store.db, { name: 'Hashed' });
    assert.notEqual(guest.user_name, userName);
    assert.equal(guest.user_name_hint, userName.slice(-4));
    const rows = await t.store.db.selectFrom('guests').select('user_name').execute();
    assert.ok(rows.every((r) => /^[0-9a-f]{64}$/.test(r.user_name)));
  });
});
