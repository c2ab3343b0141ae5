// The sandbox partner (printed at every start) and the API hub's document for the kids API.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { activeSecrets, partnerByToken, partnerProducts } from '../../src/core/partners/lookups.js';
import { sandboxValue } from '../../src/sandbox/credentials.js';
import { sandboxCredentials } from '../../src/sandbox/index.js';
import { testApp, type TestApp } from '../helpers/app.js';
import { testDb } from '../helpers/db.js';

describe('kids sandbox and docs', () => {
  let t: TestApp;
  before(async () => {
    t = await testApp();
  });
  after(async () => {
    await t.close();
  });

  it('the sandbox partner exists and its printed token and secret are derived from the instance secret', async () => {
    const creds = await sandboxCredentials(t.store, t.config);
    assert.equal(creds['partner token'], sandboxValue(t.config, 'partner-token'));
    assert.equal(creds['partner secret'], sandboxValue(t.config, 'partner-secret'));
    assert.equal(creds['partner prd_id'], 'KV-SANDBOX');
    const p = await partnerByToken(t.store.db, creds['partner token']);
    assert.equal(p?.code, 'ptn_sandbox');
    assert.deepEqual(await partnerProducts(t.store.db, p!.id), ['KV-SANDBOX']);
  });

  it('a database seeded before partners existed gets its sandbox partner when credentials are printed', async () => {
    const empty = await testDb({ seeded: false });
    try {
      assert.equal(await partnerByToken(empty.store.db, sandboxValue(empty.config, 'partner-token')), undefined);
      await sandboxCredentials(empty.store, empty.config);
      await sandboxCredentials(empty.store, empty.config);
      assert.equal(
        (await partnerByToken(empty.store.db, sandboxValue(empty.config, 'partner-token')))?.code,
        'ptn_sandbox',
      );
      // A new CARESLOT_SECRET re-keys the sandbox partner: the printed values keep working.
      const rekeyed = { ...empty.config, secret: 'another-instance-secret-0123456789abcdef0123' };
      const creds = await sandboxCredentials(empty.store, rekeyed);
      const p = await partnerByToken(empty.store.db, creds['partner token']);
      assert.equal(p?.code, 'ptn_sandbox');
      assert.deepEqual(await activeSecrets(empty.store.db, rekeyed.secret, p!.id), [creds['partner secret']]);
    } finally {
      await empty.drop();
    }
  });

  it('the OpenAPI document describes every kids route with examples', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/openapi.json' });
    assert.equal(res.statusCode, 200);
    const doc = res.json();
    for (const path of ['/services', '/details', '/browse', '/book', '/bookings/{booking_id}', '/cancel']) {
      const item = doc.paths[`/kids-vaccination/v1${path}`];
      assert.ok(item, path);
      const op = item.post ?? item.get;
      assert.ok(op.responses['200'], `${path} documents 200`);
      assert.ok(op.responses['401'] && op.responses['404'], `${path} documents errors`);
    }
    assert.ok(doc.components.schemas.PartnerError);
    assert.ok(doc.components.schemas.KidsService);
    assert.ok(doc.paths['/payments/v1/sandbox/checkout/{payment_id}']);
    assert.ok(doc.paths['/admin/v1/kids/providers/{id}/slots']);
  });
});
