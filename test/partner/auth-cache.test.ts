// Partner authentication caches the partner, its decrypted secrets and products. Changes made
// in this process take effect at once; changes written by another process (simulated here by
// writing the tables directly) within PARTNER_CACHE_TTL_MS, on an injected cache clock.
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { Type } from '@sinclair/typebox';
import Fastify, { type FastifyInstance } from 'fastify';
import { installPartnerScope, ok, partnerAuth, partnerResponses } from '../../src/api/partner/index.js';
import { createPartner, retireOldSecrets, rotateSecret, setPartnerActive } from '../../src/core/partners/partners.js';
import { hasProduct, PARTNER_CACHE_TTL_MS } from '../../src/core/partners/lookups.js';
import { NONCE_KEPT_AFTER_T_SECONDS, NONCE_TTL_SECONDS, useNonce } from '../../src/core/partners/nonces.js';
import { signRequest } from '../../src/core/partners/signing.js';
import { setCacheClock } from '../../src/core/shared/ttl-cache.js';
import { testDb, type TestDb } from '../helpers/db.js';

describe('partner authentication caches', () => {
  let t: TestDb;
  let app: FastifyInstance;
  let clock = 1_000_000;

  before(async () => {
    setCacheClock(() => clock);
    t = await testDb({ seeded: false });
    app = Fastify({ logger: false });
    app.decorate('config', t.config);
    app.decorate('store', t.store);
    await app.register(
      async (s) => {
        installPartnerScope(s);
        const response = partnerResponses(Type.Object({ partner: Type.String() }), { partner: 'ptn_x' });
        s.post('/echo', { preValidation: partnerAuth(), schema: { response } }, async (req) =>
          ok({ partner: req.partner!.code }),
        );
      },
      { prefix: '/p/v1' },
    );
    await app.ready();
  });
  afterEach(() => {
    clock += 10 * PARTNER_CACHE_TTL_MS;
  });
  after(async () => {
    setCacheClock(undefined);
    await app.close();
    await t.drop();
  });

  const send = (token: string, secret: string) => {
    const body = '{}';
    const cmt = signRequest({ secret, method: 'POST', url: '/p/v1/echo', body }).header;
    return app.inject({
      method: 'POST',
      url: '/p/v1/echo',
      payload: body,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, cmt },
    });
  };

  it('a partner disabled in this process is refused at once, and accepted again once enabled', async () => {
    const c = await createPartner(t.store, t.config.secret, { name: 'Disable me', prdIds: [] });
    assert.equal((await send(c.token, c.secret)).statusCode, 200);
    await setPartnerActive(t.store, c.partner.code, false);
    const res = await send(c.token, c.secret);
    assert.equal(res.statusCode, 401);
    assert.equal(res.json().status, 1002);
    assert.match(res.json().message, /the partner token is unknown or disabled/);
    await setPartnerActive(t.store, c.partner.code, true);
    assert.equal((await send(c.token, c.secret)).statusCode, 200);
  });

  it('a secret rotated out in this process is refused at once; the new one works at once', async () => {
    const c = await createPartner(t.store, t.config.secret, { name: 'Rotate me', prdIds: [] });
    assert.equal((await send(c.token, c.secret)).statusCode, 200);
    const r = await rotateSecret(t.store, t.config.secret, c.partner.code);
    assert.equal((await send(c.token, r.secret)).statusCode, 200, 'the new secret at once');
    assert.equal((await send(c.token, c.secret)).statusCode, 200, 'the old one until retired');
    await retireOldSecrets(t.store, c.partner.code);
    const res = await send(c.token, c.secret);
    assert.equal(res.statusCode, 401);
    assert.equal(res.json().status, 1003);
    assert.match(res.json().message, /the Cmt signature does not match/);
    assert.equal((await send(c.token, r.secret)).statusCode, 200);
  });

  it('another process disabling a partner is seen within the time to live', async () => {
    const c = await createPartner(t.store, t.config.secret, { name: 'Elsewhere', prdIds: [] });
    assert.equal((await send(c.token, c.secret)).statusCode, 200);
    await t.store.db.updateTable('partners').set({ active: 0 }).where('id', '=', c.partner.id).execute();
    assert.equal((await send(c.token, c.secret)).statusCode, 200, 'still cached (the documented bound)');
    clock += PARTNER_CACHE_TTL_MS;
    const res = await send(c.token, c.secret);
    assert.equal(res.statusCode, 401);
    assert.equal(res.json().status, 1002);
  });

  it('another process retiring a secret is seen within the time to live', async () => {
    const c = await createPartner(t.store, t.config.secret, { name: 'Elsewhere 2', prdIds: [] });
    assert.equal((await send(c.token, c.secret)).statusCode, 200);
    await t.store.db.updateTable('partner_secrets').set({ active: 0 }).where('partner_id', '=', c.partner.id).execute();
    clock += PARTNER_CACHE_TTL_MS;
    const res = await send(c.token, c.secret);
    assert.equal(res.statusCode, 401);
    assert.equal(res.json().status, 1003);
  });

  it('products: an added product counts at once; another process removing one within the time to live', async () => {
    const c = await createPartner(t.store, t.config.secret, { name: 'Products', prdIds: ['A1'] });
    assert.equal(await hasProduct(t.store.db, c.partner.id, 'A1'), true);
    assert.equal(await hasProduct(t.store.db, c.partner.id, 'B2'), false);
    const { addProducts } = await import('../../src/core/partners/partners.js');
    await addProducts(t.store.db, c.partner.id, ['B2']);
    assert.equal(await hasProduct(t.store.db, c.partner.id, 'B2'), true);
    await t.store.db.deleteFrom('partner_products').where('partner_id', '=', c.partner.id).execute();
    clock += PARTNER_CACHE_TTL_MS;
    assert.equal(await hasProduct(t.store.db, c.partner.id, 'A1'), false);
  });

  it('a (t, nonce) pair is refused while a request stamped t could be accepted; its row is swept after', async () => {
    const c = await createPartner(t.store, t.config.secret, { name: 'Nonces', prdIds: [] });
    const t0 = new Date('2030-01-01T00:00:00Z');
    const ts = t0.getTime() / 1000;
    const n = 'nonce-0123456789abcdef';
    assert.equal(await useNonce(t.store.db, c.partner.id, ts, n, t0), true);
    assert.equal(await useNonce(t.store.db, c.partner.id, ts, n, t0), false, 'the same t and nonce: a replay');
    // Another t is another signed request (a replay cannot change t without breaking the signature).
    assert.equal(await useNonce(t.store.db, c.partner.id, ts + 1, n, t0), true);
    const rowsOf = () =>
      t.store.db
        .selectFrom('partner_nonces')
        .select(['t', 'nonce'])
        .where('partner_id', '=', c.partner.id)
        .orderBy('t')
        .execute();
    // Kept until t is NONCE_KEPT_AFTER_T_SECONDS in the past, even when a sweep runs.
    clock += 10 * PARTNER_CACHE_TTL_MS;
    const stillKept = new Date(t0.getTime() + (NONCE_KEPT_AFTER_T_SECONDS - 1) * 1000);
    assert.equal(await useNonce(t.store.db, c.partner.id, ts, n, stillKept), false);
    assert.equal((await rowsOf()).length, 2);
    // Past it, the next batch of this partner sweeps both rows (their t is out of any request's skew).
    clock += 10 * PARTNER_CACHE_TTL_MS;
    const later = new Date(t0.getTime() + (NONCE_KEPT_AFTER_T_SECONDS + 2) * 1000);
    assert.equal(await useNonce(t.store.db, c.partner.id, later.getTime() / 1000, n, later), true);
    assert.deepEqual(
      (await rowsOf()).map((r) => Number(r.t)),
      [later.getTime() / 1000],
      'only the row of the last request is left',
    );
  });

  it('nonces spent together share one statement: each is accepted once, a repeat in the batch or later is refused', async () => {
    const c = await createPartner(t.store, t.config.secret, { name: 'Batched nonces', prdIds: [] });
    const t0 = new Date('2030-01-02T00:00:00Z');
    const ts = t0.getTime() / 1000;
    const nonces = Array.from({ length: 40 }, (_, i) => `batch-nonce-${i}`);
    // Sent in the same turn: one batch; the same nonce twice in it is a replay.
    const first = await Promise.all(
      [...nonces, nonces[0], nonces[7]].map((n) => useNonce(t.store.db, c.partner.id, ts, n, t0)),
    );
    assert.deepEqual(first.slice(0, 40), Array(40).fill(true), 'every distinct nonce is fresh');
    assert.deepEqual(first.slice(40), [false, false], 'a repeat inside the batch is refused');
    const again = await Promise.all(nonces.map((n) => useNonce(t.store.db, c.partner.id, ts, n, t0)));
    assert.deepEqual(again, Array(40).fill(false), 'every nonce of the first batch is now spent');
    const stored = await t.store.db
      .selectFrom('partner_nonces')
      .select('nonce')
      .where('partner_id', '=', c.partner.id)
      .execute();
    assert.equal(stored.length, 40, 'each accepted nonce was written before it was accepted');
    // Another partner's nonces are its own, also when both partners' requests share a batch.
    const other = await createPartner(t.store, t.config.secret, { name: 'Other nonces', prdIds: [] });
    assert.equal(await useNonce(t.store.db, other.partner.id, ts, nonces[0], t0), true);
    const mixed = await Promise.all([
      useNonce(t.store.db, c.partner.id, ts, 'mixed-nonce-000001', t0),
      useNonce(t.store.db, other.partner.id, ts, 'mixed-nonce-000001', t0),
      useNonce(t.store.db, other.partner.id, ts, nonces[1], t0),
    ]);
    assert.deepEqual(mixed, [true, true, true]);
    const written = await t.store.db
      .selectFrom('partner_nonces')
      .select(['partner_id', 't'])
      .where('nonce', '=', 'mixed-nonce-000001')
      .orderBy('partner_id')
      .execute();
    assert.deepEqual(
      written.map((r) => [Number(r.partner_id), Number(r.t)]),
      [c.partner.id, other.partner.id].sort((a, b) => a - b).map((id) => [id, ts]),
      'each row keeps its partner and the signed time of its request',
    );
  });
});

// A process that starts after the upgrade finds the nonces spent before it already there: a
// database of its own, so no sweep of the tests above has seen that table empty first.
describe('nonces spent before migration 0015', () => {
  let t: TestDb;
  let clock = 1_000_000;

  before(async () => {
    setCacheClock(() => clock);
    t = await testDb({ seeded: false });
  });
  after(async () => {
    setCacheClock(undefined);
    await t.drop();
  });

  it('one (no t kept) is refused while it is in the window, then swept; the table is not read once empty', async () => {
    const c = await createPartner(t.store, t.config.secret, { name: 'Old nonces', prdIds: [] });
    const t0 = new Date('2030-01-03T00:00:00Z');
    const n = 'spent-before-0015-0123';
    const idle = await createPartner(t.store, t.config.secret, { name: 'Old nonces, never signs again', prdIds: [] });
    await t.store.db
      .insertInto('partner_nonces_before_0015')
      .values([
        { partner_id: c.partner.id, nonce: n, seen_at: t0.toISOString() },
        { partner_id: idle.partner.id, nonce: n, seen_at: t0.toISOString() },
      ])
      .execute();
    const inWindow = new Date(t0.getTime() + (NONCE_TTL_SECONDS - 1) * 1000);
    assert.equal(await useNonce(t.store.db, c.partner.id, inWindow.getTime() / 1000, n, inWindow), false);
    const other = await createPartner(t.store, t.config.secret, { name: 'Old nonces, other', prdIds: [] });
    assert.equal(await useNonce(t.store.db, other.partner.id, inWindow.getTime() / 1000, n, inWindow), true);
    clock += 10 * PARTNER_CACHE_TTL_MS;
    const outOfWindow = new Date(t0.getTime() + (NONCE_TTL_SECONDS + 1) * 1000);
    assert.equal(await useNonce(t.store.db, c.partner.id, outOfWindow.getTime() / 1000, n, outOfWindow), true);
    const left = await t.store.db.selectFrom('partner_nonces_before_0015').select('nonce').execute();
    assert.deepEqual(left, [], 'swept once out of the window, also those of a partner that sends nothing');
    // Empty, it never fills again: the spends and sweeps that follow do not touch it, so they
    // still work with it gone.
    await t.store.db.schema.dropTable('partner_nonces_before_0015').execute();
    const ts = outOfWindow.getTime() / 1000;
    assert.equal(await useNonce(t.store.db, c.partner.id, ts, 'after-the-old-table-0001', outOfWindow), true);
    assert.equal(await useNonce(t.store.db, c.partner.id, ts, 'after-the-old-table-0001', outOfWindow), false);
    clock += 10 * PARTNER_CACHE_TTL_MS;
    const later = new Date(outOfWindow.getTime() + 1000);
    assert.equal(await useNonce(t.store.db, other.partner.id, later.getTime() / 1000, n, later), true, 'a sweep ran');
  });
});
