// Signed bearer tokens (JWT, HS256, keyed by CARESLOT_SECRET) for guests, beneficiaries and
// operators. Each kind has its own audience so one can never stand in for another.
import { jwtVerify, errors } from 'jose';
import { createHash, createHmac, webcrypto } from 'node:crypto';

const crypto = webcrypto as unknown as Crypto;

export type TokenKind = 'guest' | 'beneficiary' | 'operator';

export interface TokenClaims {
  kind: TokenKind;
  /** The account: guest id, operator id, or for a beneficiary token the mobile number. */
  sub: string;
  /** Anything else the dialect needs (e.g. the guest account a beneficiary token came through). */
  [claim: string]: unknown;
}

const rawKeys = new Map<string, Buffer>();
/** The HMAC key for tokens only, derived from the instance secret. */
function rawKey(secret: string): Buffer {
  let k = rawKeys.get(secret);
  if (!k) {
    k = createHash('sha256').update(`careslot-tokens:${secret}`).digest();
    rawKeys.set(secret, k);
  }
  return k;
}

const keys = new Map<string, Promise<CryptoKey>>();
/**
 * The same key imported into WebCrypto once, for jose's verification: handing jose raw bytes
 * makes it import the key again on every call.
 */
function key(secret: string): Promise<CryptoKey> {
  let k = keys.get(secret);
  if (!k) {
    k = crypto.subtle.importKey('raw', new Uint8Array(rawKey(secret)), { name: 'HMAC', hash: 'SHA-256' }, false, [
      'verify',
    ]);
    keys.set(secret, k);
  }
  return k;
}

/** `{"alg":"HS256","typ":"JWT"}`, the protected header of every token, base64url-encoded. */
const HEADER = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url');

/** The `iss` of every token; required, with `exp` and `aud`, when one is verified. */
const ISSUER = 'careslot';

/**
 * Sign a token (a compact JWS, HS256). Signed here with node:crypto's HMAC, synchronously: a
 * JWT is three base64url parts, and WebCrypto's asynchronous sign (through jose) cost a tenth
 * of beneficiary/add's CPU. Verification stays with jose, which checks every claim.
 */
export async function signToken(
  secret: string,
  claims: TokenClaims,
  ttlSeconds: number,
  now: Date = new Date(),
): Promise<string> {
  const { kind, sub, ...rest } = claims;
  const iat = Math.floor(now.getTime() / 1000);
  const payload = { ...rest, iss: ISSUER, sub, aud: `careslot:${kind}`, iat, exp: iat + ttlSeconds };
  const signingInput = `${HEADER}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}`;
  return `${signingInput}.${createHmac('sha256', rawKey(secret)).update(signingInput).digest('base64url')}`;
}

export type TokenFailure = 'missing' | 'malformed' | 'expired' | 'invalid';

export type VerifyResult = { ok: true; claims: TokenClaims; expiresAt: Date } | { ok: false; reason: TokenFailure };

interface Verified {
  claims: TokenClaims;
  expiresAt: Date;
  /** The token's audiences, its `exp` and `nbf` (seconds), as jose checked them. */
  aud: string[];
  exp: number | undefined;
  nbf: number | undefined;
}

/** Tokens that verified, by secret and token: a request's bearer token is checked once, not on every call. */
const verified = new Map<string, Verified>();
const MAX_VERIFIED = 10_000;

/**
 * Verify a token of one of `kinds`. Signature, expiry and audience are all checked.
 * The signature is checked once per token (and secret); later calls repeat the checks that
 * depend on time or on `kinds` exactly as jose makes them (`exp <= now` is expired, `nbf > now`
 * is refused, one audience must be among `kinds`), so a cached token is never accepted where
 * a fresh verification would refuse it.
 */
export async function verifyToken(
  secret: string,
  token: string | undefined,
  kinds: TokenKind[],
  now: Date = new Date(),
): Promise<VerifyResult> {
  if (!token) return { ok: false, reason: 'missing' };
  return knownToken(secret, token, kinds, now) ?? verifyFully(secret, token, kinds, now);
}

/**
 * What `verifyToken` answers for a token whose signature was already checked, without
 * WebCrypto: a pass or an expiry; undefined when it would need a full verification (a new
 * token, or any other outcome). For the synchronous read path too (api/fast-reads.ts).
 */
export function knownToken(
  secret: string,
  token: string,
  kinds: readonly TokenKind[],
  now: Date = new Date(),
): VerifyResult | undefined {
  const hit = verified.get(`${secret}\n${token}`);
  if (!hit) return undefined;
  // jose's order: audience, then nbf, then exp. Anything but a clean pass or an expiry is
  // left to a full verification, which gives the same reason as before.
  const at = Math.floor(now.getTime() / 1000);
  const audienceOk = hit.aud.some((a) => kinds.some((k) => a === `careslot:${k}`));
  if (!audienceOk || (hit.nbf !== undefined && hit.nbf > at)) return undefined;
  if (hit.exp !== undefined && hit.exp <= at) return { ok: false, reason: 'expired' };
  return { ok: true, claims: { ...hit.claims }, expiresAt: hit.expiresAt };
}

async function verifyFully(secret: string, token: string, kinds: TokenKind[], now: Date): Promise<VerifyResult> {
  if (token.split('.').length !== 3) return { ok: false, reason: 'malformed' };
  try {
    const { payload } = await jwtVerify(token, await key(secret), {
      algorithms: ['HS256'],
      audience: kinds.map((k) => `careslot:${k}`),
      issuer: ISSUER,
      // A token without an expiry, audience or issuer is refused even when its signature is good.
      requiredClaims: ['exp', 'aud', 'iss', 'sub'],
      currentDate: now,
    });
    const aud = Array.isArray(payload.aud) ? payload.aud[0] : payload.aud;
    const kind = String(aud).slice('careslot:'.length) as TokenKind;
    if (!payload.sub) return { ok: false, reason: 'invalid' };
    const { sub, aud: _a, iat: _i, iss: _s, exp, ...rest } = payload;
    const claims: TokenClaims = { ...rest, kind, sub };
    const expiresAt = new Date((exp ?? 0) * 1000);
    if (verified.size >= MAX_VERIFIED) verified.clear();
    verified.set(`${secret}\n${token}`, {
      claims: { ...claims },
      expiresAt,
      aud: Array.isArray(payload.aud) ? payload.aud : [String(payload.aud)],
      exp,
      nbf: payload.nbf,
    });
    return { ok: true, claims, expiresAt };
  } catch (err) {
    if (err instanceof errors.JWTExpired) return { ok: false, reason: 'expired' };
    if (err instanceof errors.JWSInvalid || err instanceof errors.JWTInvalid) return { ok: false, reason: 'malformed' };
    return { ok: false, reason: 'invalid' };
  }
}
