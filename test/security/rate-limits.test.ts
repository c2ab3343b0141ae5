// Rate limits: per IP on unauthenticated requests (and failed authentications), per guest
// account, partner or operator on authenticated ones; 429 with Retry-After in each dialect's
// envelope; counts shared by every process through the database.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { RateLimiter } from '../../src/core/shared/rate-limits.js';
import { openStore } from '../../src/store/index.js';
import { sandboxApiKey } from '../../src/sandbox/cowin-api-key.js';
import { guestToken } from '../cowin/api-helpers.js';
import { stoppedClock, testApp, type TestApp } from '../helpers/app.js';

const settle = () => new Promise((r) => setTimeout(r, 20));
/** The app's clock, stopped one minute into a five-minute window: no window ends during a test. */
const NOW = new Date('2030-01-01T00:01:00Z');

describe('rate limits', () => {
  let t: TestApp;
  before(async () => {
    t = await testApp({
      now: stoppedClock(NOW),
      env: { RATE_LIMIT_PER_IP: '3', RATE_LIMIT_PER_ACCOUNT: '4', RATE_LIMIT_WINDOW_SECONDS: '300' },
    });
  });
  after(async () => {
    await t.close();
  });

  const guestLogin = (ip: string) =>
    t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/guest/login',
      payload: { user_name: 'nobody-at-all' },
      remoteAddress: ip,
    });

  it('limits unauthenticated requests per IP, answering 429 with Retry-After in each envelope', async () => {
    for (let i = 0; i < 3; i++) assert.notEqual((await guestLogin('10.1.0.1')).statusCode, 429);
    const cowin = await guestLogin('10.1.0.1');
    assert.equal(cowin.statusCode, 429, cowin.body);
    assert.equal(cowin.json().errorCode, 'APPOIN0429');
    assert.equal(cowin.headers['retry-after'], '240', 'the seconds left in the window');
    const partner = await t.app.inject({
      method: 'POST',
      url: '/kids-vaccination/v1/services',
      payload: { prd_id: 'KV-SANDBOX' },
      remoteAddress: '10.1.0.1',
    });
    assert.equal(partner.statusCode, 429, partner.body);
    assert.equal(partner.json().status, 1001);
    assert.equal(partner.headers['retry-after'], '240');
    assert.notEqual((await guestLogin('10.1.0.2')).statusCode, 429, 'another address is not limited');
  });

  it('counts failed authentications against the IP, then refuses it before checking credentials', async () => {
    const bad = { authorization: 'Bearer not-a-token' };
    for (let i = 0; i < 3; i++) {
      const res = await t.app.inject({
        method: 'GET',
        url: '/api/v1/admin/location/states',
        headers: bad,
        remoteAddress: '10.2.0.1',
      });
      assert.equal(res.statusCode, 401);
      await settle();
    }
    const good = await t.app.inject({
      method: 'GET',
      url: '/api/v1/admin/location/states',
      headers: { authorization: `Bearer ${await guestToken(t.config, '1')}` },
      remoteAddress: '10.2.0.1',
    });
    assert.equal(good.statusCode, 429, good.body);
  });

  it('limits authenticated requests per guest account, whatever the IP', async () => {
    const token = await guestToken(t.config, '1');
    const other = await guestToken(t.config, '2');
    const states = (tok: string, ip: string) =>
      t.app.inject({
        method: 'GET',
        url: '/api/v1/admin/location/states',
        headers: { authorization: `Bearer ${tok}` },
        remoteAddress: ip,
      });
    for (let i = 0; i < 4; i++) assert.equal((await states(token, `10.3.0.${i + 1}`)).statusCode, 200);
    const refused = await states(token, '10.3.0.9');
    assert.equal(refused.statusCode, 429, refused.body);
    assert.match(refused.json().error, /guest/);
    // Another guest account has its own count (whatever its answer, it is not rate limited).
    assert.notEqual((await states(other, '10.3.0.9')).statusCode, 429);
  });

  it('limits API Setu v2 calls per x-api-key, answering in the v2 envelope', async () => {
    const headers = { 'x-api-key': sandboxApiKey(t.config) };
    const states = (ip: string) => t.app.inject({ url: '/api/v2/admin/location/states', headers, remoteAddress: ip });
    // Each from a new address: only the key's own count can refuse them.
    for (let i = 0; i < 4; i++) assert.equal((await states(`10.5.0.${i}`)).statusCode, 200);
    const refused = await states('10.5.0.9');
    assert.equal(refused.statusCode, 429, refused.body);
    assert.equal(refused.json().errorCode, 'APPOIN0090');
    assert.match(refused.json().error, /apikey/);
    assert.equal(refused.headers['retry-after'], '240');
  });

  it('shares counts between processes through the database', async () => {
    const other = openStore(t.url, { poolSize: 2 });
    try {
      const a = new RateLimiter(t.store.db);
      const b = new RateLimiter(other.db);
      const rule = { limit: 5, windowSeconds: 60 };
      const now = Date.parse('2030-01-01T00:00:10Z');
      for (let i = 0; i < 3; i++) assert.equal(a.take('shared-key', rule, now), null);
      await a.flush(now);
      assert.equal(b.take('shared-key', rule, now), null, 'b has not heard of a yet');
      await b.flush(now);
      assert.equal(b.take('shared-key', rule, now), null, 'b knows 4 of 5');
      assert.equal(b.take('shared-key', rule, now), 50, 'b refuses the 6th, until the window ends');
      await b.flush(now);
      // a reads the shared total of a key at the first flush after a request touches it.
      assert.equal(a.check('shared-key', rule, now), null, 'a has not heard of b yet');
      await a.flush(now);
      assert.equal(a.take('shared-key', rule, now), 50, 'a learnt of b’s requests');
      // A new window starts from zero.
      assert.equal(a.take('shared-key', rule, now + 60_000), null);
    } finally {
      await other.close();
    }
  });
});
