// The API hub for integrators: example dates relative to the day the document is served, and
// the partner signer script (served by Careslot itself) only in sandbox mode.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { withFreshExampleDates } from '../../src/api/docs-examples.js';
import { testApp, type TestApp } from '../helpers/app.js';

describe('API hub: example dates relative to today', () => {
  const doc = {
    paths: {
      '/x': {
        post: {
          summary: 'written on 2026-11-23',
          requestBody: {
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  examples: [{ date: '2026-11-24', born: '2026-05-10', at: '2026-11-24T06:00:00.000Z' }],
                },
              },
            },
          },
          parameters: [{ name: 'date', in: 'query', schema: { type: 'string', examples: ['31-03-2021'] } }],
        },
      },
    },
    components: { schemas: { S: { type: 'string', pattern: '2026-11-24', example: 'from 30-03-2021 to 06-04-2021' } } },
  };

  it('moves every example date by whole days so that the anchors fall on the given day', () => {
    const fresh = withFreshExampleDates(doc, new Date('2027-03-01T23:30:00Z'));
    const body = fresh.paths['/x'].post.requestBody.content['application/json'].schema.examples[0];
    assert.deepEqual(body, { date: '2027-03-02', born: '2026-08-16', at: '2027-03-02T06:00:00.000Z' });
    assert.deepEqual(fresh.paths['/x'].post.parameters[0].schema.examples, ['02-03-2027']);
    assert.equal(fresh.components.schemas.S.example, 'from 01-03-2027 to 08-03-2027');
  });

  it('leaves what is not an example alone, and the original document unchanged', () => {
    const fresh = withFreshExampleDates(doc, new Date('2027-03-01T00:00:00Z'));
    assert.equal(fresh.paths['/x'].post.summary, 'written on 2026-11-23');
    assert.equal(fresh.components.schemas.S.pattern, '2026-11-24');
    assert.equal(doc.paths['/x'].post.requestBody.content['application/json'].schema.examples[0].date, '2026-11-24');
    // On the anchor day itself nothing moves; impossible dates are not dates.
    const iso = withFreshExampleDates({ example: '2026-11-24 2026-02-30' }, new Date('2026-11-23T12:00:00Z'));
    assert.equal(iso.example, '2026-11-24 2026-02-30');
    const dmy = withFreshExampleDates({ example: '31-03-2021 31-02-2021' }, new Date('2021-03-30T12:00:00Z'));
    assert.equal(dmy.example, '31-03-2021 31-02-2021');
  });
});

describe('API hub in sandbox and production mode', () => {
  let sandbox: TestApp;
  let production: TestApp;
  before(async () => {
    sandbox = await testApp();
    production = await testApp({
      env: {
        CARESLOT_MODE: 'production',
        SMS_WEBHOOK_URL: 'http://127.0.0.1:8080/sms',
        CARESLOT_AUTOSEED: '0',
        METRICS_TOKEN: 'a-metrics-token-of-enough-length',
      },
    });
  });
  after(async () => {
    await sandbox?.close();
    await production?.close();
  });

  it('serves the document with example dates that are not in the past, at /openapi.json and /docs/json', async () => {
    for (const url of ['/openapi.json', '/docs/json']) {
      const doc = (await sandbox.app.inject(url)).json();
      const date: string =
        doc.paths['/kids-vaccination/v1/browse'].post.requestBody.content['application/json'].example.date;
      assert.match(date, /^\d{4}-\d{2}-\d{2}$/, url);
      // Served today, the example is one of the next days (no fixed date now in the past).
      assert.ok(date > new Date(Date.now() - 86_400_000).toISOString().slice(0, 10), `${url}: ${date}`);
    }
  });

  it('sandbox: the page loads the signer from Careslot itself and installs the request interceptor', async () => {
    const page = await sandbox.app.inject('/docs');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<script src="[^"]*\/static\/theme\/careslot-signer\.js"/);
    assert.doesNotMatch(page.body, /https?:\/\/(?!127\.0\.0\.1|localhost)[^"]*\.js"/, 'no script from a CDN');
    const script = await sandbox.app.inject('/docs/static/theme/careslot-signer.js');
    assert.equal(script.statusCode, 200);
    assert.match(script.headers['content-type'] as string, /javascript/);
    assert.match(script.body, /crypto\.subtle\.sign\('HMAC'/);
    const init = await sandbox.app.inject('/docs/static/swagger-initializer.js');
    assert.match(init.body, /"requestInterceptor":\s*\(?req\)?\s*=>/);
    assert.match(init.body, /careslotSign/);
  });

  it('production: no signer and no interceptor', async () => {
    const page = await production.app.inject('/docs');
    assert.equal(page.statusCode, 200);
    assert.doesNotMatch(page.body, /careslot-signer/);
    assert.notEqual((await production.app.inject('/docs/static/theme/careslot-signer.js')).statusCode, 200);
    assert.doesNotMatch((await production.app.inject('/docs/static/swagger-initializer.js')).body, /careslotSign/);
  });
});
