// The `Cmt` request signature of the partner APIs (docs/partner-auth.md), for clients:
//
//   Cmt: t=<unix seconds>,n=<nonce>,v1=<lowercase hex HMAC-SHA256(secret, canonical)>
//   canonical = ["v1", METHOD, path, sorted query, t, n, sha256hex(raw body)].join("\n")
//
// Standalone (node:crypto only). The server's verifier builds its canonical string with
// these same functions, so the two cannot drift apart.
import { createHash, createHmac, randomBytes } from 'node:crypto';

export function sha256Hex(data: Uint8Array | string): string {
  return createHash('sha256').update(data).digest('hex');
}

/**
 * The query string with its parameters sorted by name (then by value), each kept exactly as
 * sent (percent-encoding untouched). Empty when there is no query.
 */
export function canonicalQuery(query: string): string {
  const q = query.startsWith('?') ? query.slice(1) : query;
  if (!q) return '';
  const pairs = q.split('&').filter((p) => p.length > 0);
  const name = (p: string) => p.split('=')[0];
  return pairs.sort((a, b) => (name(a) < name(b) ? -1 : name(a) > name(b) ? 1 : a < b ? -1 : a > b ? 1 : 0)).join('&');
}

export interface CanonicalInput {
  method: string;
  /** The request target as sent: path, optionally with `?query`. */
  url: string;
  t: number | string;
  n: string;
  /** The exact raw body bytes (none: the empty string). */
  body?: Uint8Array | string;
}

/** The seven lines the `v1` HMAC covers. */
export function canonicalString(r: CanonicalInput): string {
  const at = r.url.indexOf('?');
  const path = at < 0 ? r.url : r.url.slice(0, at);
  const query = at < 0 ? '' : r.url.slice(at + 1);
  return ['v1', r.method.toUpperCase(), path, canonicalQuery(query), String(r.t), r.n, sha256Hex(r.body ?? '')].join(
    '\n',
  );
}

export interface CmtInput {
  /** The partner secret (`cps_…`), used as given (its UTF-8 bytes key the HMAC). */
  secret: string;
  method: string;
  /** Path and query exactly as sent, e.g. `/video-consultation/v1/slots?doctor_id=dr_7x&date=2026-12-01`. */
  url: string;
  body?: Uint8Array | string;
  /** Unix seconds; default now. */
  t?: number;
  /** 16 to 64 characters of [A-Za-z0-9_-]; default 32 random hex characters. */
  n?: string;
}

/** The value of the `Cmt` header for one request. */
export function signCmt(r: CmtInput): string {
  const t = r.t ?? Math.floor(Date.now() / 1000);
  const n = r.n ?? randomBytes(16).toString('hex');
  const v1 = createHmac('sha256', r.secret)
    .update(canonicalString({ ...r, t, n }))
    .digest('hex');
  return `t=${t},n=${n},v1=${v1}`;
}
