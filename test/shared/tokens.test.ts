// Tokens are signed with node:crypto's HMAC and verified with jose: a token must be a standard
// HS256 JWT that an independent verifier accepts, with every claim the verifier requires, and
// one changed byte must make it fail.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import { decodeProtectedHeader, jwtVerify } from 'jose';
import { signToken, verifyToken } from '../../src/core/shared/tokens.js';

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
});
