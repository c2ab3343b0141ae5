// Tokens are signed with node:crypto's HMAC and verified with fast-jwt: a token must be a
// standard HS256 JWT that an independent verifier (jose) accepts, with every claim the verifier
// requires, and one changed byte must make it fail. What jose refuses, verifyToken refuses too,
// on a token's first use as on later ones.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import { decodeProtectedHeader, jwtVerify, SignJWT } from 'jose';
import {
  signToken,
  stopTokenWorker,
  type TokenKind,
  tokensCheckedOffThread,
  type VerifyResult,
  verifyToken,
  verifyTokenNow,
  verifyTokenSoon,
} from '../../src/core/shared/tokens.js';
import { TokenWorker } from '../../src/core/shared/token-worker.js';
import { forgedToken } from '../helpers/tokens.js';

const secret = 'a-test-secret-of-enough-length-0123456789';
const now = new Date('2026-03-01T10:00:00Z');
const tokenKey = createHash('sha256').update(`careslot-tokens:${secret}`).digest();

describe('tokens', () => {
  it('signs a standard HS256 JWT that jose verifies with the derived key, claims intact', async () => {
    const token = await signToken(secret, { kind: 'beneficiary', sub: '9876543210', guest: 7 }, 600, now);
    assert.deepEqual(decodeProtectedHeader(token), { alg: 'HS256', typ: 'JWT' });
    const { payload } = await jwtVerify(token, tokenKey, {
      algorithms: ['HS256'],
      audience: 'careslot:beneficiary',
      issuer: 'careslot',
      currentDate: now,
    });
    assert.deepEqual(payload, {
      guest: 7,
      iss: 'careslot',
      sub: '9876543210',
      aud: 'careslot:beneficiary',
      iat: 1772359200,
      exp: 1772359800,
    });
  });

  it('round-trips through verifyToken, and expires exactly at exp', async () => {
    const token = await signToken(secret, { kind: 'operator', sub: '3', role: 'admin' }, 60, now);
    const ok = await verifyToken(secret, token, ['operator'], now);
    assert.deepEqual(ok, {
      ok: true,
      claims: { role: 'admin', kind: 'operator', sub: '3' },
      expiresAt: new Date('2026-03-01T10:01:00Z'),
    });
    assert.deepEqual(await verifyToken(secret, token, ['operator'], new Date('2026-03-01T10:01:00Z')), {
      ok: false,
      reason: 'expired',
    });
    assert.deepEqual(await verifyToken(secret, token, ['guest'], now), { ok: false, reason: 'invalid' });
  });

  it('refuses a token with a changed payload or signed with another secret', async () => {
    const token = await signToken(secret, { kind: 'guest', sub: '11' }, 600, now);
    const [h, p, s] = token.split('.');
    const forged = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(p, 'base64url').toString()), sub: '12' }),
    ).toString('base64url');
    assert.deepEqual(await verifyToken(secret, `${h}.${forged}.${s}`, ['guest'], now), {
      ok: false,
      reason: 'invalid',
    });
    const other = await signToken(`${secret}-other`, { kind: 'guest', sub: '11' }, 600, now);
    assert.deepEqual(await verifyToken(secret, other, ['guest'], now), { ok: false, reason: 'invalid' });
  });

  // A new token's signature is checked on the token worker (verifyToken, verifyTokenSoon) or in
  // this thread (verifyTokenNow, or when no worker runs): both must judge every token alike.
  const paths: [string, (s: string, t: string, k: TokenKind[], n: Date) => Promise<VerifyResult>][] = [
    ['on the token worker', verifyToken],
    ['in this thread', async (s, t, k, n) => verifyTokenNow(s, t, k, n)],
  ];
  const workerOff = process.env.TOKEN_WORKER === '0' && 'the token worker is off (TOKEN_WORKER=0)';
  for (const [where, verify] of paths)
    it(`refuses on first use, ${where}, what a JWT verifier refuses: other algorithms, bad or missing claims, not yet valid`, {
      skip: where === 'on the token worker' && workerOff,
    }, async () => {
      const before = tokensCheckedOffThread();
      await refusesWhatJoseRefuses(verify, where === 'in this thread' ? '6' : '5');
      const offThread = tokensCheckedOffThread() - before;
      if (where === 'in this thread') assert.equal(offThread, 0);
      // Each of the 17 tokens of three parts went to the worker at least once: the good one, the
      // 12 refused, the two made later, 'a.b.c' and '..' (one not kept is sent again on its next use).
      else assert.ok(offThread >= 17, `${offThread} checked on the worker`);
    });

  it('verifies in this thread what was waiting on the worker when it stopped, and every token after', {
    skip: workerOff,
  }, async () => {
    const token = await signToken(secret, { kind: 'guest', sub: '77' }, 600, now);
    const forged = forgedToken(token);
    const waiting = [verifyTokenSoon(secret, token, ['guest'], now), verifyTokenSoon(secret, forged, ['guest'], now)];
    assert.ok(
      waiting.every((w) => w instanceof Promise),
      'both went to the worker',
    );
    await stopTokenWorker();
    const before = tokensCheckedOffThread();
    assert.deepEqual(await waiting[0], {
      ok: true,
      claims: { kind: 'guest', sub: '77' },
      expiresAt: new Date('2026-03-01T10:10:00Z'),
    });
    assert.deepEqual(await waiting[1], { ok: false, reason: 'invalid' });
    const later = await signToken(secret, { kind: 'guest', sub: '78' }, 600, now);
    assert.equal((verifyTokenSoon(secret, later, ['guest'], now) as VerifyResult).ok, true);
    assert.equal(tokensCheckedOffThread(), before);
  });
});

describe('the token worker, started ahead of the first token', () => {
  it('answers the first token from the worker it started, and starts none when TOKEN_WORKER=0', async (t) => {
    if (process.env.TOKEN_WORKER === '0') return t.skip('the token worker is off (TOKEN_WORKER=0)');
    const token = await signToken(secret, { kind: 'guest', sub: '79' }, 600, now);
    const worker = new TokenWorker(
      { algorithms: ['HS256'], allowedIss: 'careslot', ignoreExpiration: true },
      '^careslot:',
    );
    try {
      assert.equal(worker.start(), true, 'started');
      assert.equal(worker.start(), true, 'still running');
      const checked = await worker.check('test', tokenKey, token);
      assert.equal((checked as { payload?: { sub: string } } | undefined)?.payload?.sub, '79', JSON.stringify(checked));
      assert.equal(worker.checked, 1, 'answered by the worker');
    } finally {
      await worker.stop();
    }
    assert.equal(worker.start(), false, 'a stopped worker does not start again');
    const saved = process.env.TOKEN_WORKER;
    process.env.TOKEN_WORKER = '0';
    try {
      const off = new TokenWorker({ algorithms: ['HS256'] }, '^careslot:');
      assert.equal(off.start(), false, 'TOKEN_WORKER=0');
      assert.equal(off.check('test', tokenKey, token), undefined, 'verified in the caller’s thread');
    } finally {
      if (saved === undefined) delete process.env.TOKEN_WORKER;
      else process.env.TOKEN_WORKER = saved;
    }
  });
});

async function refusesWhatJoseRefuses(
  verifyToken: (s: string, t: string, k: TokenKind[], n: Date) => Promise<VerifyResult>,
  sub: string,
) {
  {
    const at = Math.floor(now.getTime() / 1000);
    const make = (claims: Record<string, unknown>, alg = 'HS256') =>
      new SignJWT({ iss: 'careslot', aud: 'careslot:guest', sub, exp: at + 600, ...claims })
        .setProtectedHeader({ alg, typ: 'JWT' })
        .sign(alg === 'HS512' ? Buffer.concat([tokenKey, tokenKey]) : tokenKey);
    // The independent verifier's view of a good token, so the refusals below are for their one change.
    const good = await make({});
    assert.equal((await verifyToken(secret, good, ['guest'], now)).ok, true);
    const refused: [string, string][] = [
      ['another HMAC algorithm', await make({}, 'HS512')],
      ['another issuer', await make({ iss: 'someone-else' })],
      ['no issuer', await make({ iss: undefined })],
      ['no audience', await make({ aud: undefined })],
      ['an audience of another system', await make({ aud: 'other:guest' })],
      ['no expiry', await make({ exp: undefined })],
      ['an expiry that is not a number', await make({ exp: String(at + 600) })],
      ['no subject', await make({ sub: undefined })],
      ['an empty subject', await make({ sub: '' })],
      ['a not-before in the future', await make({ nbf: at + 60 })],
      ['a not-before that is not a number', await make({ nbf: 'soon' })],
      [
        'an unsigned header',
        `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${good.split('.')[1]}.`,
      ],
    ];
    for (const [what, token] of refused) {
      assert.deepEqual(await verifyToken(secret, token, ['guest'], now), { ok: false, reason: 'invalid' }, what);
      // The second use (a kept signature, if any) refuses it the same way.
      assert.deepEqual(await verifyToken(secret, token, ['guest'], now), { ok: false, reason: 'invalid' }, what);
    }
    // A token whose not-before has passed is good from then on; one whose expiry passed before
    // its first use is expired, not invalid.
    const later = await make({ nbf: at + 60 });
    assert.equal((await verifyToken(secret, later, ['guest'], new Date((at + 60) * 1000))).ok, true);
    const old = await make({ exp: at - 1 });
    assert.deepEqual(await verifyToken(secret, old, ['guest'], now), { ok: false, reason: 'expired' });
    for (const junk of ['a.b.c', 'not-a-token', `${good}.x`, '..'])
      assert.deepEqual(await verifyToken(secret, junk, ['guest'], now), { ok: false, reason: 'malformed' }, junk);
  }
}
