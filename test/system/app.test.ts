// The app shell: health, readiness, metrics, request ids, docs, fallback errors.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildApp } from '../../src/app.js';
import { openStore, migrate } from '../../src/store/index.js';
import { testApp, type TestApp } from '../helpers/app.js';

describe('app shell', () => {
  let t: TestApp;
  before(async () => {
    t = await testApp();
  });
  after(async () => {
    await t.close();
  });

  it('answers /healthz and /readyz', async () => {
    assert.deepEqual((await t.app.inject('/healthz')).json(), { status: 'ok' });
    const ready = await t.app.inject('/readyz');
    assert.equal(ready.statusCode, 200);
    // The read model loads at start (SQLite; PostgreSQL once its change listener is up), while
    // the app already answers; readiness says how far.
    assert.ok(['loading', 'loaded'].includes(ready.json().read_model), ready.body);
    let body = ready.json();
    // Up to 15 s: loading includes rendering every listing, seconds on a busy CI machine.
    for (let i = 0; i < 600 && body.read_model === 'loading'; i++) {
      await new Promise((r) => setTimeout(r, 25));
      body = (await t.app.inject('/readyz')).json();
    }
    assert.deepEqual(body, { status: 'ok', read_model: 'loaded' });
  });

  it('reports not ready when the database is unreachable', async () => {
    const store = openStore('sqlite::memory:');
    await migrate(store);
    const app = await buildApp(t.config, { store, logger: false });
    await store.close();
    const res = await app.inject('/readyz');
    assert.equal(res.statusCode, 503);
    assert.equal(res.json().status, 'unavailable');
    await app.close();
  });

  it('serves Prometheus metrics from a registry of its own', async () => {
    await t.app.inject('/healthz');
    const other = await buildApp(t.config, { store: t.store, logger: false }); // a second instance in one process
    const res = await t.app.inject('/metrics');
    assert.equal(res.statusCode, 200);
    assert.match(res.headers['content-type'] as string, /text\/plain/);
    assert.match(res.body, /careslot_http_request_duration_seconds_bucket\{[^}]*route="\/healthz"/);
    assert.match(res.body, /careslot_process_cpu_user_seconds_total/);
    assert.doesNotMatch(
      (await other.inject('/metrics')).body,
      /route="\/healthz"/,
      'registries are not shared between instances',
    );
    await other.close();
  });

  it('echoes a valid x-request-id and replaces an invalid one', async () => {
    const given = await t.app.inject({ url: '/healthz', headers: { 'x-request-id': 'abc-123' } });
    assert.equal(given.headers['x-request-id'], 'abc-123');
    const bad = await t.app.inject({ url: '/healthz', headers: { 'x-request-id': 'not valid!\u0000' } });
    assert.match(bad.headers['x-request-id'] as string, /^[0-9a-f-]{36}$/);
  });

  it('answers unknown routes with JSON, never a stack trace', async () => {
    const res = await t.app.inject('/no/such/route');
    assert.equal(res.statusCode, 404);
    assert.match(res.json().error, /no route for GET \/no\/such\/route/);
    const bad = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/guest/login',
      headers: { 'content-type': 'application/json' },
      payload: '{"broken',
    });
    assert.ok(bad.statusCode >= 400 && bad.statusCode < 500, `got ${bad.statusCode}`);
    assert.doesNotMatch(bad.body, /at .*\.ts:\d+/);
  });

  it("serves the API hub without helmet's CSP so it can render", async () => {
    const res = await t.app.inject('/docs/');
    assert.equal(res.statusCode, 200);
    assert.match(res.headers['content-type'] as string, /text\/html/);
    assert.equal(res.headers['content-security-policy'], undefined);
    assert.equal((await t.app.inject('/')).headers.location, '/docs');
  });

  it("gives every API answer, errors included, helmet's security headers for JSON APIs", async () => {
    for (const url of [
      '/api/v1/registration/beneficiary/getGender',
      '/api/v1/appointment/centers/findByPin?pin=1',
      '/kids-vaccination/v1/services',
    ]) {
      const res = await t.app.inject(url);
      assert.equal(res.headers['content-security-policy'], "default-src 'none';frame-ancestors 'none'", url);
      assert.equal(res.headers['x-content-type-options'], 'nosniff', url);
      assert.equal(res.headers['x-frame-options'], 'DENY', url);
      assert.equal(res.headers['referrer-policy'], 'no-referrer', url);
      assert.equal(res.headers['cross-origin-opener-policy'], 'same-origin', url);
      // Headers that only change how a browser treats an HTML document are not sent.
      assert.equal(res.headers['x-xss-protection'], undefined, url);
      assert.equal(res.headers['x-dns-prefetch-control'], undefined, url);
      assert.equal(res.headers['strict-transport-security'], 'max-age=31536000; includeSubDomains', url);
      assert.equal(res.headers['cross-origin-resource-policy'], 'same-origin', url);
    }
  });
});
