// The `Cmt` request signature of the partner APIs (docs/partner-auth.md). One implementation
// for the server, the CLI (`careslot sign`) and the published test vectors.
//
//   Cmt: t=<unix seconds>,n=<nonce>,v1=<lowercase hex HMAC-SHA256(secret, canonical)>
//   canonical = ["v1", METHOD, path, sorted query, t, n, sha256hex(raw body)].join("\n")
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { type CanonicalInput, canonicalString } from '../../client/cmt.js';

// The canonical string is the SDK's (src/client/cmt.ts), so signer and verifier cannot drift.
export { type CanonicalInput, canonicalQuery, canonicalString, sha256Hex } from '../../client/cmt.js';

export const CMT_VERSION = 'v1';
/** Accepted clock skew, in seconds, either way. */
export const CMT_SKEW_SECONDS = 300;
export const NONCE_PATTERN = /^[A-Za-z0-9_-]{16,64}$/;

export function cmtSignature(secret: string, canonical: string): string {
  return createHmac('sha256', secret).update(canonical).digest('hex');
}

export function newNonce(): string {
  return randomBytes(16).toString('hex');
}

export interface SignInput extends Omit<CanonicalInput, 't' | 'n'> {
  secret: string;
  t?: number;
  n?: string;
}

/** The value of the `Cmt` header for a request (t defaults to now, n to a random nonce). */
export function signRequest(r: SignInput): { header: string; canonical: string; t: number; n: string; v1: string } {
  const t = r.t ?? Math.floor(Date.now() / 1000);
  const n = r.n ?? newNonce();
  const canonical = canonicalString({ ...r, t, n });
  const v1 = cmtSignature(r.secret, canonical);
  return { header: `t=${t},n=${n},${CMT_VERSION}=${v1}`, canonical, t, n, v1 };
}

export type ParsedCmt = { ok: true; t: number; n: string; v1: string } | { ok: false; reason: string };

/** Parse a `Cmt` header. The reason says what is wrong, for the 1003 message. */
export function parseCmt(header: string | undefined): ParsedCmt {
  if (header === undefined || header.trim() === '') return { ok: false, reason: 'the Cmt header is missing' };
  const fields = new Map<string, string>();
  for (const part of header.split(',')) {
    const eq = part.indexOf('=');
    if (eq < 1)
      return { ok: false, reason: 'the Cmt header is malformed: expected t=<unix seconds>,n=<nonce>,v1=<hex>' };
    const key = part.slice(0, eq).trim();
    if (fields.has(key)) return { ok: false, reason: `the Cmt header is malformed: ${key} appears twice` };
    fields.set(key, part.slice(eq + 1).trim());
  }
  const t = fields.get('t');
  const n = fields.get('n');
  const v1 = fields.get(CMT_VERSION);
  if (t === undefined || n === undefined || v1 === undefined) {
    const missing = ['t', 'n', CMT_VERSION].filter((k) => !fields.has(k));
    return {
      ok: false,
      reason: `the Cmt header is malformed: ${missing.join(', ')} missing (expected t=<unix seconds>,n=<nonce>,v1=<hex>)`,
    };
  }
  if (!/^\d{1,12}$/.test(t))
    return { ok: false, reason: 'the Cmt header is malformed: t must be a Unix time in whole seconds' };
  if (!NONCE_PATTERN.test(n))
    return { ok: false, reason: 'the Cmt header is malformed: n must be 16 to 64 characters of A-Z a-z 0-9 _ -' };
  if (!/^[0-9a-f]{64}$/.test(v1))
    return { ok: false, reason: 'the Cmt header is malformed: v1 must be 64 lowercase hex characters (HMAC-SHA256)' };
  return { ok: true, t: Number(t), n, v1 };
}

/** Why a request signed at `t` (Unix seconds) is refused at `now`, or undefined when within the skew. */
export function staleCmtReason(t: number, now: Date): string | undefined {
  const nowSeconds = Math.floor(now.getTime() / 1000);
  const skew = t - nowSeconds;
  if (Math.abs(skew) <= CMT_SKEW_SECONDS) return undefined;
  return (
    `the Cmt timestamp is stale: t=${t} is ${Math.abs(skew)} s ${skew < 0 ? 'in the past' : 'in the future'}; ` +
    `it must be within ${CMT_SKEW_SECONDS} s of the server clock (now ${nowSeconds})`
  );
}

/** Whether `v1` signs `canonical` under one of the partner's active `secrets` (each compared in constant time). */
export function signedByOneOf(secrets: readonly string[], canonical: string, v1: string): boolean {
  return secrets.some((s) => sameSignature(cmtSignature(s, canonical), v1));
}

/** Constant-time comparison of two lowercase hex signatures. */
export function sameSignature(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && x.length > 0 && timingSafeEqual(x, y);
}
