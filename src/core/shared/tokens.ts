// Signed bearer tokens (JWT, HS256, keyed by CARESLOT_SECRET) for guests, beneficiaries and
// operators. Each kind has its own audience so one can never stand in for another.
import { createHash, createHmac } from 'node:crypto';
import { type Algorithm, createVerifier, TokenError, type VerifierOptions } from 'fast-jwt';
import { TokenWorker, type Checked } from './token-worker.js';

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

type Verifier = (token: string) => Record<string, unknown>;
const verifiers = new Map<string, Verifier>();
/**
 * fast-jwt's synchronous verifier for this secret (HMAC through node:crypto, compared in
 * constant time): algorithm, signature, issuer, the required claims and the audience's form.
 * The checks that depend on the time or on the kinds asked for are {@link knownToken}'s, so a
 * token is judged the same way on its first use and on every later one.
 */
function verifier(secret: string): Verifier {
  let v = verifiers.get(secret);
  if (!v) {
    v = createVerifier({ key: rawKey(secret), ...VERIFIER_OPTIONS, allowedAud: new RegExp(AUDIENCES) }) as Verifier;
    verifiers.set(secret, v);
  }
  return v;
}

/** `{"alg":"HS256","typ":"JWT"}`, the protected header of every token, base64url-encoded. */
const HEADER = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url');

/** The `iss` of every token; required, with `exp` and `aud`, when one is verified. */
const ISSUER = 'careslot';

/** The audiences a token may name (`careslot:<kind>`), as a pattern's source (cloned to the token worker). */
const AUDIENCES = '^careslot:';
/** fast-jwt's options besides the key and audience, the same here and on the token worker (./token-worker.ts). */
const VERIFIER_OPTIONS: Partial<VerifierOptions> = {
  algorithms: ['HS256' as Algorithm],
  allowedIss: ISSUER,
  requiredClaims: ['exp', 'aud', 'iss', 'sub'],
  ignoreExpiration: true,
  ignoreNotBefore: true,
  cache: false,
};
const tokenWorker = new TokenWorker(VERIFIER_OPTIONS, AUDIENCES);
/** How many new tokens the token worker checked so far (tests). */
export const tokensCheckedOffThread = () => tokenWorker.checked;
/** Start the token worker ahead of the first new token (the server, before it listens). */
export const startTokenWorker = () => tokenWorker.start();
/** Stop the token worker: new tokens are verified in this thread from now on (tests). */
export const stopTokenWorker = () => tokenWorker.stop();

/**
 * Sign a token (a compact JWS, HS256). Signed here with node:crypto's HMAC, synchronously: a
 * JWT is three base64url parts, and WebCrypto's asynchronous sign (through jose) cost a tenth
 * of beneficiary/add's CPU. Verification is fast-jwt's, also synchronous (see `verifier`).
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
  /** The token's audiences, its `exp` and `nbf` (seconds), checked on every use. */
  aud: string[];
  exp: number | undefined;
  nbf: number | undefined;
}

/** Tokens that verified, by secret and token: a request's bearer token is checked once, not on every call. */
const verified = new Map<string, Verified>();
const MAX_VERIFIED = 10_000;

/**
 * Verify a token of one of `kinds`. Signature, expiry and audience are all checked.
 * The signature is checked once per token (and secret); every call, the first included, makes
 * the checks that depend on time or on `kinds` as JWT verifiers do (`exp <= now` is expired,
 * `nbf > now` is refused, one audience must be among `kinds`), so a kept token is never
 * accepted where a fresh verification would refuse it.
 */
export async function verifyToken(
  secret: string,
  token: string | undefined,
  kinds: TokenKind[],
  now: Date = new Date(),
): Promise<VerifyResult> {
  return verifyTokenSoon(secret, token, kinds, now);
}

/**
 * `verifyToken`, with the answer at once when it needs no signature checked (a token seen
 * before, or not a JWT at all), else a promise: the new token's signature is checked on the
 * token worker (./token-worker.ts), off the event loop, or here if no worker runs. The same
 * checks and the same outcome as {@link verifyTokenNow}.
 */
export function verifyTokenSoon(
  secret: string,
  token: string | undefined,
  kinds: readonly TokenKind[],
  now: Date = new Date(),
): VerifyResult | Promise<VerifyResult> {
  if (!token) return { ok: false, reason: 'missing' };
  const known = knownToken(secret, token, kinds, now);
  if (known) return known;
  if (token.split('.').length !== 3) return { ok: false, reason: 'malformed' };
  const checked = tokenWorker.check(secret, rawKey(secret), token);
  if (!checked) return verifyFully(secret, token, kinds, now);
  return checked.then((c) =>
    c === undefined ? verifyFully(secret, token, kinds, now) : settle(secret, token, c, kinds, now),
  );
}

/** `verifyToken` without a promise (it does no I/O): for the writes answered around Fastify (api/fast-posts.ts). */
export function verifyTokenNow(
  secret: string,
  token: string | undefined,
  kinds: readonly TokenKind[],
  now: Date = new Date(),
): VerifyResult {
  if (!token) return { ok: false, reason: 'missing' };
  return knownToken(secret, token, kinds, now) ?? verifyFully(secret, token, kinds, now);
}

/**
 * What `verifyToken` answers for a token whose signature was already checked: a pass or an
 * expiry; undefined when it needs a full verification (a new token, or any other outcome). For
 * the read path answered around Fastify too (api/fast-reads.ts), which never verifies a new token.
 */
export function knownToken(
  secret: string,
  token: string,
  kinds: readonly TokenKind[],
  now: Date = new Date(),
): VerifyResult | undefined {
  const hit = verified.get(`${secret}\n${token}`);
  if (!hit) return undefined;
  // In jose's order: audience, then nbf, then exp. Anything but a clean pass or an expiry is
  // left to a full verification, which refuses it as invalid.
  const at = Math.floor(now.getTime() / 1000);
  const audienceOk = hit.aud.some((a) => kinds.some((k) => a === `careslot:${k}`));
  if (!audienceOk || (hit.nbf !== undefined && hit.nbf > at)) return undefined;
  if (hit.exp !== undefined && hit.exp <= at) return { ok: false, reason: 'expired' };
  return { ok: true, claims: { ...hit.claims }, expiresAt: hit.expiresAt };
}

/** Errors of a token that is not a JWT at all (fast-jwt's codes); any other failure is `invalid`. */
const MALFORMED = new Set<string>([TokenError.codes.malformed, TokenError.codes.invalidType]);

function verifyFully(secret: string, token: string, kinds: readonly TokenKind[], now: Date): VerifyResult {
  if (token.split('.').length !== 3) return { ok: false, reason: 'malformed' };
  let checked: Checked;
  try {
    checked = { payload: verifier(secret)(token) };
  } catch (err) {
    checked = { error: err instanceof TokenError ? err.code : 'error' };
  }
  return settle(secret, token, checked, kinds, now);
}

/** What fast-jwt found of `token` (here or on the token worker), judged and, if it verified, kept. */
function settle(secret: string, token: string, checked: Checked, kinds: readonly TokenKind[], now: Date): VerifyResult {
  if ('error' in checked) return { ok: false, reason: MALFORMED.has(checked.error) ? 'malformed' : 'invalid' };
  const { sub, aud, iat: _i, iss: _s, exp, nbf, ...rest } = checked.payload;
  // fast-jwt left the time claims alone (ignoreExpiration, ignoreNotBefore): their type is checked here.
  if (typeof exp !== 'number' || !Number.isFinite(exp)) return { ok: false, reason: 'invalid' };
  if (nbf !== undefined && (typeof nbf !== 'number' || !Number.isFinite(nbf))) return { ok: false, reason: 'invalid' };
  if (typeof sub !== 'string' || sub === '') return { ok: false, reason: 'invalid' };
  const audiences = (Array.isArray(aud) ? aud : [aud]) as string[];
  const kind = audiences[0].slice('careslot:'.length) as TokenKind;
  if (nbf !== undefined) rest.nbf = nbf;
  if (verified.size >= MAX_VERIFIED) verified.clear();
  verified.set(`${secret}\n${token}`, {
    claims: { ...rest, kind, sub },
    expiresAt: new Date(exp * 1000),
    aud: audiences,
    exp,
    nbf,
  });
  return knownToken(secret, token, kinds, now) ?? { ok: false, reason: 'invalid' };
}
