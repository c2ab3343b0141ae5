// Partner authentication (Authorization + Cmt) on a throwaway route in a partner scope:
// every failed check is its own status and message.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Type } from '@sinclair/typebox';
import Fastify, { type FastifyInstance } from 'fastify';
import { installPartnerScope, ok, partnerAuth, partnerResponses } from '../../src/api/partner/index.js';
import { createPartner, rotateSecret, retireOldSecrets, setPartnerActive } from '../../src/core/partners/partners.js';
import { signRequest } from '../../src/core/partners/signing.js';
import { testDb, type TestDb } from '../helpers/db.js';

describe('partner authentication', () => {
  let t: TestDb;
  let app: FastifyInstance;
  let token: string;
  let secret: string;
  let partnerId: string;

  before(async () => {
    t = await testDb({ seeded: false });
    const c = await createPartner(t.store, t.config.secret, { name: 'Acme', prdIds: ['P1'] });
    ({ token, secret } = c);
    partnerId = c.partner.code;
    app = Fastify({ logger: false });
    app.decorate('config', t.config);
    app.decorate('store', t.store);
    await app.register(
      async (s) => {
        installPartnerScope(s);
        const response = partnerResponses(Type.Object({ partner: Type.String(), echo: Type.Any() }), {
          partner: 'ptn_x',
          echo: {},
        });
        s.post(
          '/echo',
          { preValidation: partnerAuth(), schema: { body: Type.Object({ a: Type.Integer() }), response } },
          async (req) => ok({ partner: req.partner!.code, echo: req.body }),
        );
        s.get('/open', { preValidation: partnerAuth({ optional: true }), schema: { response } }, async (req) =>
          ok({ partner: req.partner?.code ?? 'anonymous', echo: req.query }),
        );
      },
      { prefix: '/p/v1' },
    );
    await app.ready();
  });
  after(async () => {
    await app.close();
    await t.drop();
  });

  const post = (body: string, headers: Record<string, string>) =>
    app.inject({
      method: 'POST',
      url: '/p/v1/echo',
      payload: body,
      headers: { 'content-type': 'application/json', ...headers },
    });
  const signed = (
    body: string,
    extra: { t?: number; n?: string; secret?: string; url?: string; method?: string } = {},
  ) =>
    signRequest({
      secret: extra.secret ?? secret,
      method: extra.method ?? 'POST',
      url: extra.url ?? '/p/v1/echo',
      body,
      t: extra.t,
      n: extra.n,
    }).header;

  it('accepts a correctly signed request, with "Bearer" or the bare token', async () => {
    const body = '{"a":1}';
    let res = await post(body, { authorization: `Bearer ${token}`, cmt: signed(body) });
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(res.json(), {
      status: 1000,
      message: 'data found',
      data: { info: { partner: partnerId, echo: { a: 1 } } },
    });
    res = await post(body, { authorization: token, cmt: signed(body) });
    assert.equal(res.json().status, 1000);
  });

  it('1002 when the token is missing, unknown or disabled', async () => {
    const body = '{"a":1}';
    let res = await post(body, { cmt: signed(body) });
    assert.equal(res.statusCode, 401);
    assert.equal(res.json().status, 1002);
    assert.match(res.json().message, /Authorization header is missing/);
    res = await post(body, { authorization: 'Bearer cpt_nope', cmt: signed(body) });
    assert.equal(res.json().status, 1002);
    const other = await createPartner(t.store, t.config.secret, { name: 'Gone', prdIds: [] });
    await setPartnerActive(t.store, other.partner.code, false);
    res = await post(body, {
      authorization: `Bearer ${other.token}`,
      cmt: signRequest({ secret: other.secret, method: 'POST', url: '/p/v1/echo', body }).header,
    });
    assert.equal(res.statusCode, 401);
    assert.equal(res.json().status, 1002);
  });

  it('1002 comes before body validation', async () => {
    const res = await post('{"a":"x"}', {});
    assert.equal(res.json().status, 1002);
  });

  it('1003 when the Cmt header is missing or malformed, naming the check', async () => {
    const body = '{"a":1}';
    const cases: [string | undefined, RegExp][] = [
      [undefined, /Cmt header is missing/],
      ['garbage', /malformed/],
      ['t=1,n=abc,v1=00', /malformed: n must be/],
      [`t=${Math.floor(Date.now() / 1000)},n=${'a'.repeat(20)}`, /malformed: v1 missing/],
      [`t=now,n=${'a'.repeat(20)},v1=${'0'.repeat(64)}`, /malformed: t must be/],
    ];
    for (const [cmt, re] of cases) {
      const res = await post(body, { authorization: `Bearer ${token}`, ...(cmt === undefined ? {} : { cmt }) });
      assert.equal(res.statusCode, 401, String(cmt));
      assert.equal(res.json().status, 1003);
      assert.match(res.json().message, re);
    }
  });

  it('1003 when the body changed by one byte after signing', async () => {
    const cmt = signed('{"a":1}');
    const res = await post('{"a":2}', { authorization: `Bearer ${token}`, cmt });
    assert.equal(res.statusCode, 401);
    assert.equal(res.json().status, 1003);
    assert.match(res.json().message, /signature does not match/);
  });

  it('1003 when the path, method or query differ from what was signed', async () => {
    const res = await post('{"a":1}', {
      authorization: `Bearer ${token}`,
      cmt: signed('{"a":1}', { url: '/p/v1/other' }),
    });
    assert.equal(res.json().status, 1003);
    const q = await app.inject({
      method: 'GET',
      url: '/p/v1/open?b=2&a=1',
      headers: { authorization: token, cmt: signRequest({ secret, method: 'GET', url: '/p/v1/open?a=1&b=3' }).header },
    });
    assert.equal(q.json().status, 1003);
  });

  it('query parameters are signed sorted by name, whatever order they are sent in', async () => {
    const res = await app.inject({
      method: 'GET',
      url: '/p/v1/open?b=2&a=1',
      headers: { authorization: token, cmt: signRequest({ secret, method: 'GET', url: '/p/v1/open?a=1&b=2' }).header },
    });
    assert.equal(res.json().status, 1000, res.body);
    assert.equal(res.json().data.info.partner, partnerId);
  });

  it('1003 for a replayed request (same t and nonce), even with a fresh signature', async () => {
    const body = '{"a":1}';
    const n = 'replay-nonce-0123456789';
    const t = Math.floor(Date.now() / 1000);
    const first = await post(body, { authorization: `Bearer ${token}`, cmt: signed(body, { n, t }) });
    assert.equal(first.json().status, 1000);
    // Another body, signed anew with the same t and nonce: refused all the same.
    const again = await post('{"a":2}', { authorization: `Bearer ${token}`, cmt: signed('{"a":2}', { n, t }) });
    assert.equal(again.statusCode, 401);
    assert.equal(again.json().status, 1003);
    assert.match(again.json().message, /nonce was already used/);
  });

  it('the same signed request sent 10 times at once is accepted exactly once', async () => {
    const body = '{"a":7}';
    const cmt = signed(body, { n: 'concurrent-nonce-0123456789' });
    const results = await Promise.all(Array.from({ length: 10 }, () => post(body, { authorization: token, cmt })));
    assert.equal(results.filter((r) => r.json().status === 1000).length, 1);
    assert.equal(results.filter((r) => r.json().status === 1003).length, 9);
  });

  it('a wrongly signed request does not spend the nonce', async () => {
    const body = '{"a":1}';
    const n = 'unspent-nonce-0123456789';
    const bad = await post(body, { authorization: `Bearer ${token}`, cmt: signed(body, { n, secret: 'wrong' }) });
    assert.equal(bad.json().status, 1003);
    const good = await post(body, { authorization: `Bearer ${token}`, cmt: signed(body, { n }) });
    assert.equal(good.json().status, 1000);
  });

  it('1003 for a timestamp 10 minutes old or 10 minutes ahead; 299 s is fine', async () => {
    const body = '{"a":1}';
    const now = Math.floor(Date.now() / 1000);
    let res = await post(body, { authorization: `Bearer ${token}`, cmt: signed(body, { t: now - 600 }) });
    assert.equal(res.json().status, 1003);
    assert.match(res.json().message, /timestamp is stale: .* in the past/);
    res = await post(body, { authorization: `Bearer ${token}`, cmt: signed(body, { t: now + 600 }) });
    assert.match(res.json().message, /in the future/);
    res = await post(body, { authorization: `Bearer ${token}`, cmt: signed(body, { t: now - 290 }) });
    assert.equal(res.json().status, 1000);
  });

  it('optional mode: anonymous without Cmt (Authorization alone too), verified when Cmt is sent', async () => {
    let res = await app.inject({ method: 'GET', url: '/p/v1/open' });
    assert.equal(res.json().data.info.partner, 'anonymous');
    res = await app.inject({ method: 'GET', url: '/p/v1/open', headers: { authorization: token } });
    assert.equal(res.json().data.info.partner, 'anonymous');
    res = await app.inject({ method: 'GET', url: '/p/v1/open', headers: { authorization: token, cmt: 'nonsense' } });
    assert.equal(res.json().status, 1003);
    res = await app.inject({
      method: 'GET',
      url: '/p/v1/open',
      headers: { cmt: signRequest({ secret, method: 'GET', url: '/p/v1/open' }).header },
    });
    assert.equal(res.json().status, 1002);
  });

  it('validation errors are 1001 naming the fields; bad JSON is 1001', async () => {
    let body = '{"b":1}';
    let res = await post(body, { authorization: token, cmt: signed(body) });
    assert.equal(res.statusCode, 400);
    assert.equal(res.json().status, 1001);
    assert.match(res.json().message, /a is required/);
    assert.deepEqual(res.json().data.info.fields, ['a']);
    body = '{"a":';
    res = await post(body, { authorization: token, cmt: signed(body) });
    assert.equal(res.statusCode, 400);
    assert.equal(res.json().status, 1001);
    assert.match(res.json().message, /not valid JSON/);
  });

  it('rotation: old and new secret both work, then only the new one', async () => {
    const c = await createPartner(t.store, t.config.secret, { name: 'Rotating', prdIds: [] });
    const r = await rotateSecret(t.store, t.config.secret, c.partner.code);
    assert.notEqual(r.secret, c.secret);
    const body = '{"a":1}';
    for (const s of [c.secret, r.secret]) {
      const res = await post(body, { authorization: c.token, cmt: signed(body, { secret: s }) });
      assert.equal(res.json().status, 1000);
    }
    // A second rotation retires the oldest: two active at most.
    const r2 = await rotateSecret(t.store, t.config.secret, c.partner.code);
    assert.equal(
      (await post(body, { authorization: c.token, cmt: signed(body, { secret: c.secret }) })).json().status,
      1003,
    );
    assert.equal(
      (await post(body, { authorization: c.token, cmt: signed(body, { secret: r.secret }) })).json().status,
      1000,
    );
    assert.equal(await retireOldSecrets(t.store, c.partner.code), 1);
    assert.equal(
      (await post(body, { authorization: c.token, cmt: signed(body, { secret: r.secret }) })).json().status,
      1003,
    );
    assert.equal(
      (await post(body, { authorization: c.token, cmt: signed(body, { secret: r2.secret }) })).json().status,
      1000,
    );
  });

  it('stores only a token hash and an encrypted secret', async () => {
    const row = await t.store.db
      .selectFrom('partners')
      .innerJoin('partner_secrets', 'partner_secrets.partner_id', 'partners.id')
      .select(['token_hash', 'secret_enc'])
      .where('partners.code', '=', partnerId)
      .executeTakeFirstOrThrow();
    assert.notEqual(row.token_hash, token);
    assert.ok(!row.secret_enc.includes(secret.slice(4, 20)));
    assert.match(row.token_hash, /^[0-9a-f]{64}$/);
  });
});
