// The Cmt signer: the published test vectors (docs/partner-auth.md), the canonical string's
// rules, header parsing, and the `careslot sign` CLI producing the same header.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { promisify } from 'node:util';
import { canonicalQuery, parseCmt, signRequest } from '../../src/core/partners/signing.js';

const run = promisify(execFile);
const SECRET = 'cps_test_secret_do_not_use_0123456789abcdef';
const T = 1764576000;
const BODY =
  '{"prd_id":"KV-SANDBOX","services":["kv-hexa"],"date":"2026-12-01","location":{"lat":24.7136,"lng":46.6753}}';
const VECTORS = [
  {
    method: 'POST',
    url: '/kids-vaccination/v1/browse',
    body: BODY,
    n: 'n0nce-0000000000000001',
    header: 't=1764576000,n=n0nce-0000000000000001,v1=9dfba1318ca15c27e355ae6d886257f7ea9fb0c13af1dba815d931c85f80d906',
  },
  {
    method: 'GET',
    url: '/kids-vaccination/v1/bookings/bk_9d2kq7m3x1a8',
    body: '',
    n: 'n0nce-0000000000000002',
    header: 't=1764576000,n=n0nce-0000000000000002,v1=6dc916accb5e91c3e8dc4a5dd152308e8e5c13632eff0eabc378e8909daf69a7',
  },
  {
    method: 'GET',
    url: '/video-consultation/v1/slots?spec_id=sp-gp&doctor_id=dr_7x&date=2026-12-01',
    body: '',
    n: 'n0nce-0000000000000003',
    header: 't=1764576000,n=n0nce-0000000000000003,v1=fe12fb809a14d2ce69d6e366fff9bee30fb2593fcb1fe3ce9d24e0287baf9ae2',
  },
];

describe('Cmt signing', () => {
  it('produces the published test vectors, and the docs publish exactly these', () => {
    const doc = readFileSync('docs/partner-auth.md', 'utf8');
    for (const v of VECTORS) {
      assert.equal(
        signRequest({ secret: SECRET, method: v.method, url: v.url, body: v.body, t: T, n: v.n }).header,
        v.header,
      );
      assert.ok(doc.includes(`Cmt: ${v.header}`), `docs/partner-auth.md shows ${v.header}`);
    }
  });

  it('builds the seven-line canonical string', () => {
    const s = signRequest({ secret: SECRET, method: 'get', url: '/x/y?b=2&a=1&a=0', t: 5, n: 'abcdefghijklmnop' });
    assert.equal(
      s.canonical,
      'v1\nGET\n/x/y\na=0&a=1&b=2\n5\nabcdefghijklmnop\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    );
    assert.equal(canonicalQuery(''), '');
    assert.equal(canonicalQuery('?z=%2F&y'), 'y&z=%2F');
  });

  it('any change to the body, path, time or nonce changes the signature', () => {
    const base = { secret: SECRET, method: 'POST', url: '/a', body: '{"a":1}', t: T, n: 'abcdefghijklmnop' };
    const v = signRequest(base).v1;
    for (const changed of [
      { body: '{"a":2}' },
      { url: '/b' },
      { t: T + 1 },
      { n: 'abcdefghijklmnoq' },
      { method: 'PUT' },
      { secret: `${SECRET}x` },
    ]) {
      assert.notEqual(signRequest({ ...base, ...changed }).v1, v, JSON.stringify(changed));
    }
  });

  it('parses headers and says what is wrong', () => {
    assert.deepEqual(parseCmt(`t=1,n=abcdefghijklmnop,v1=${'a'.repeat(64)}`), {
      ok: true,
      t: 1,
      n: 'abcdefghijklmnop',
      v1: 'a'.repeat(64),
    });
    const bad: [string | undefined, RegExp][] = [
      [undefined, /missing/],
      ['', /missing/],
      ['t=1', /n, v1 missing/],
      [`t=1,t=2,n=abcdefghijklmnop,v1=${'a'.repeat(64)}`, /t appears twice/],
      [`t=1,n=short,v1=${'a'.repeat(64)}`, /n must be 16 to 64/],
      [`t=1,n=abcdefghijklmnop,v1=${'A'.repeat(64)}`, /lowercase hex/],
      [`t=-1,n=abcdefghijklmnop,v1=${'a'.repeat(64)}`, /Unix time/],
      ['nonsense', /malformed/],
    ];
    for (const [h, re] of bad) {
      const r = parseCmt(h);
      assert.equal(r.ok, false, String(h));
      assert.match((r as { reason: string }).reason, re);
    }
  });

  it('`careslot sign` prints the same header as the vectors', async () => {
    const { stdout } = await run(process.execPath, [
      'bin/careslot.js',
      'sign',
      '--method',
      'POST',
      '--path',
      '/kids-vaccination/v1/browse',
      '--body',
      BODY,
      '--secret',
      SECRET,
      '--t',
      String(T),
      '--n',
      'n0nce-0000000000000001',
    ]);
    assert.equal(stdout.trim(), VECTORS[0].header);
    const json = await run(process.execPath, [
      'bin/careslot.js',
      'sign',
      '--method',
      'GET',
      '--path',
      VECTORS[2].url,
      '--secret',
      SECRET,
      '--t',
      String(T),
      '--n',
      VECTORS[2].n,
      '--json',
    ]);
    const out = JSON.parse(json.stdout);
    assert.equal(out.cmt, VECTORS[2].header);
    assert.match(out.canonical, /\ndate=2026-12-01&doctor_id=dr_7x&spec_id=sp-gp\n/);
  });

  it('`careslot sign` refuses bad options with a usage message', async () => {
    await assert.rejects(
      run(process.execPath, ['bin/careslot.js', 'sign', '--method', 'POST', '--path', 'nope', '--secret', 's']),
      (e: { code: number; stderr: string }) => e.code === 2 && /--path is required and starts with \//.test(e.stderr),
    );
    await assert.rejects(
      run(process.execPath, [
        'bin/careslot.js',
        'sign',
        '--method',
        'POST',
        '--path',
        '/a',
        '--secret',
        's',
        '--n',
        'x',
      ]),
      (e: { code: number; stderr: string }) => e.code === 2 && /--n must be/.test(e.stderr),
    );
  });
});
