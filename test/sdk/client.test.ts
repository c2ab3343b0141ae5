// careslot/client without a server: the Cmt signer against the published test vectors and
// the server's own signer, Standard Webhooks verification, and that the SDK stays standalone.
import assert from 'node:assert/strict';
import { createHmac, randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { canonicalString, signCmt, verifyWebhook, WebhookVerificationError } from 'careslot/client';
import { signRequest } from '../../src/core/partners/signing.js';

const SECRET = 'cps_test_secret_do_not_use_0123456789abcdef';
const T = 1764576000;

describe('SDK: Cmt signer', () => {
  it('produces the three test vectors of docs/partner-auth.md', () => {
    const body =
      '{"prd_id":"KV-SANDBOX","services":["kv-hexa"],"date":"2026-12-01","location":{"lat":24.7136,"lng":46.6753}}';
    assert.equal(
      signCmt({
        secret: SECRET,
        method: 'POST',
        url: '/kids-vaccination/v1/browse',
        body,
        t: T,
        n: 'n0nce-0000000000000001',
      }),
      't=1764576000,n=n0nce-0000000000000001,v1=9dfba1318ca15c27e355ae6d886257f7ea9fb0c13af1dba815d931c85f80d906',
    );
    assert.equal(
      signCmt({
        secret: SECRET,
        method: 'get',
        url: '/kids-vaccination/v1/bookings/bk_9d2kq7m3x1a8',
        t: T,
        n: 'n0nce-0000000000000002',
      }),
      't=1764576000,n=n0nce-0000000000000002,v1=6dc916accb5e91c3e8dc4a5dd152308e8e5c13632eff0eabc378e8909daf69a7',
    );
    const url = '/video-consultation/v1/slots?spec_id=sp-gp&doctor_id=dr_7x&date=2026-12-01';
    assert.equal(
      canonicalString({ method: 'GET', url, t: T, n: 'n0nce-0000000000000003' }).split('\n')[3],
      'date=2026-12-01&doctor_id=dr_7x&spec_id=sp-gp',
    );
    assert.equal(
      signCmt({ secret: SECRET, method: 'GET', url, t: T, n: 'n0nce-0000000000000003' }),
      't=1764576000,n=n0nce-0000000000000003,v1=fe12fb809a14d2ce69d6e366fff9bee30fb2593fcb1fe3ce9d24e0287baf9ae2',
    );
  });

  it('agrees with the server for any method, path, query and body', () => {
    const segment = fc.stringMatching(/^[A-Za-z0-9_%.-]{1,12}$/);
    fc.assert(
      fc.property(
        fc.constantFrom('GET', 'POST', 'delete'),
        fc.array(segment, { minLength: 1, maxLength: 4 }),
        fc.array(fc.tuple(segment, fc.stringMatching(/^[A-Za-z0-9%+-]{0,8}$/)), { maxLength: 4 }),
        fc.string(),
        fc.integer({ min: 0, max: 2 ** 32 }),
        (method, parts, query, body, t) => {
          const q = query.map(([k, v]) => `${k}=${v}`).join('&');
          const url = `/${parts.join('/')}${q ? `?${q}` : ''}`;
          const n = 'abcdefghijklmnop-0123';
          assert.equal(
            signCmt({ secret: SECRET, method, url, body, t, n }),
            signRequest({ secret: SECRET, method, url, body, t, n }).header,
          );
        },
      ),
    );
  });

  it('uses a fresh nonce and the current time by default', () => {
    const a = signCmt({ secret: SECRET, method: 'GET', url: '/x' });
    const b = signCmt({ secret: SECRET, method: 'GET', url: '/x' });
    assert.match(a, /^t=\d+,n=[0-9a-f]{32},v1=[0-9a-f]{64}$/);
    assert.notEqual(a.split(',')[1], b.split(',')[1]);
  });
});

// A delivery signed as the Standard Webhooks specification says, independently of the SDK.
const WHSEC = `whsec_${Buffer.from('careslot-webhook-test-key-0123456789').toString('base64')}`;
function signed(body: string, id = 'msg_2b8f1c0d9e', ts = T, secret = WHSEC) {
  const key = Buffer.from(secret.slice('whsec_'.length), 'base64');
  const sig = createHmac('sha256', key).update(`${id}.${ts}.${body}`).digest('base64');
  return { 'webhook-id': id, 'webhook-timestamp': String(ts), 'webhook-signature': `v1,${sig}` };
}
const EVENT = '{"type":"booking.confirmed","timestamp":"2025-12-01T08:00:00Z","data":{"booking_id":"bk_9d2kq7m3x1a8"}}';

describe('SDK: verifyWebhook', () => {
  const reason = (fn: () => unknown) => {
    try {
      fn();
    } catch (err) {
      assert.ok(err instanceof WebhookVerificationError, String(err));
      return err.message;
    }
    assert.fail('verified, expected a WebhookVerificationError');
  };

  it('accepts a correctly signed delivery and returns its parsed body', () => {
    const headers = signed(EVENT);
    assert.deepEqual(verifyWebhook(WHSEC, headers, EVENT, { now: T }), JSON.parse(EVENT));
    // Raw bytes, a fetch Headers object, header names in any case, a little clock skew.
    assert.equal(
      verifyWebhook<{ type: string }>(WHSEC, new Headers(headers), Buffer.from(EVENT), { now: T + 299 }).type,
      'booking.confirmed',
    );
    const upper = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toUpperCase(), v]));
    assert.ok(verifyWebhook(WHSEC, upper, EVENT, { now: T - 120 }));
  });

  it('accepts any one of several signatures (secret rotation) and ignores other versions', () => {
    const good = signed(EVENT)['webhook-signature'];
    const other = signed(EVENT, 'msg_2b8f1c0d9e', T, `whsec_${randomBytes(24).toString('base64')}`)[
      'webhook-signature'
    ];
    const headers = { ...signed(EVENT), 'webhook-signature': `v1a,${good.slice(3)} ${other} ${good}` };
    assert.ok(verifyWebhook(WHSEC, headers, EVENT, { now: T }));
  });

  it('refuses a changed body, another id, a wrong secret or a foreign signature', () => {
    const headers = signed(EVENT);
    assert.match(
      reason(() => verifyWebhook(WHSEC, headers, EVENT.replace('confirmed', 'cancelled'), { now: T })),
      /no webhook-signature matches/,
    );
    assert.match(
      reason(() => verifyWebhook(WHSEC, { ...headers, 'webhook-id': 'msg_other' }, EVENT, { now: T })),
      /no webhook-signature matches/,
    );
    const wrong = `whsec_${randomBytes(24).toString('base64')}`;
    assert.match(
      reason(() => verifyWebhook(wrong, headers, EVENT, { now: T })),
      /no webhook-signature matches/,
    );
    assert.match(
      reason(() => verifyWebhook(WHSEC, { ...headers, 'webhook-signature': 'v1,c2hvcnQ=' }, EVENT, { now: T })),
      /no webhook-signature matches/,
    );
    assert.match(
      reason(() =>
        verifyWebhook(
          WHSEC,
          { ...headers, 'webhook-signature': headers['webhook-signature'].replace('v1,', 'v2,') },
          EVENT,
          { now: T },
        ),
      ),
      /no webhook-signature matches/,
    );
  });

  it('refuses an old or future timestamp outside the tolerance, which is adjustable', () => {
    const headers = signed(EVENT);
    assert.match(
      reason(() => verifyWebhook(WHSEC, headers, EVENT, { now: T + 301 })),
      /301 s in the past \(tolerance 300 s\)/,
    );
    assert.match(
      reason(() => verifyWebhook(WHSEC, headers, EVENT, { now: T - 400 })),
      /400 s in the future/,
    );
    assert.ok(verifyWebhook(WHSEC, headers, EVENT, { now: T + 3000, toleranceSeconds: 3600 }));
    assert.match(
      reason(() => verifyWebhook(WHSEC, headers, EVENT, { now: T + 11, toleranceSeconds: 10 })),
      /tolerance 10 s/,
    );
    assert.match(
      reason(() => verifyWebhook(WHSEC, { ...headers, 'webhook-timestamp': '2025-12-01' }, EVENT, { now: T })),
      /must be Unix seconds/,
    );
  });

  it('says what is missing, and refuses a signed body that is not JSON', () => {
    const { 'webhook-signature': _, ...unsigned } = signed(EVENT);
    assert.match(
      reason(() => verifyWebhook(WHSEC, unsigned, EVENT, { now: T })),
      /missing webhook-id, webhook-timestamp or webhook-signature/,
    );
    assert.match(
      reason(() => verifyWebhook(WHSEC, signed('not json'), 'not json', { now: T })),
      /not JSON/,
    );
    assert.match(
      reason(() => verifyWebhook('whsec_', signed(EVENT), EVENT, { now: T })),
      /secret is empty/,
    );
  });
});

describe('SDK: standalone', () => {
  it('imports nothing but its own files and node: built-ins (no server code, no npm package)', () => {
    const dir = join(import.meta.dirname, '../../src/client');
    const bad: string[] = [];
    // Its files, the generated types under openapi/ included: a relative import must stay inside src/client.
    const files = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));
    assert.ok(files.includes('openapi/components.ts'), 'the generated types are read too');
    for (const file of files) {
      const src = readFileSync(join(dir, file), 'utf8');
      for (const m of src.matchAll(
        /^\s*(?:import|export)\s[^;]*?\bfrom\s*['"]([^'"]+)['"]|^\s*import\s*['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]/gm,
      )) {
        const spec = m[1] ?? m[2] ?? m[3];
        const inside =
          /^\.\.?\/.*\.js$/.test(spec) && !relative(dir, resolve(dir, dirname(file), spec)).startsWith('..');
        if (!spec.startsWith('node:') && !inside) bad.push(`${file}: ${spec}`);
      }
    }
    assert.deepEqual(bad, []);
  });
});
