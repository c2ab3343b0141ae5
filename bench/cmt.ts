// The `Cmt` request signature of DESIGN.md, computed the way an integrator would:
// t=<unix seconds>,n=<nonce>,v1=<hex HMAC-SHA256(secret, canonical string)>, where the
// canonical string is v1, METHOD, path, sorted query, t, n, sha256(body) joined by "\n".
import { createHash, createHmac, randomBytes } from 'node:crypto';

export function canonicalQuery(query: string): string {
  if (!query) return '';
  return query.split('&').filter(Boolean).sort((a, b) => {
    const ka = a.split('=')[0];
    const kb = b.split('=')[0];
    return ka < kb ? -1 : ka > kb ? 1 : 0;
  }).join('&');
}

export function cmtHeader(secret: string, method: string, pathWithQuery: string, body: string, now = Date.now(), nonce = randomBytes(12).toString('base64url')): string {
  const q = pathWithQuery.indexOf('?');
  const path = q < 0 ? pathWithQuery : pathWithQuery.slice(0, q);
  const query = q < 0 ? '' : pathWithQuery.slice(q + 1);
  const t = String(Math.floor(now / 1000));
  const bodyHash = createHash('sha256').update(body).digest('hex');
  const canonical = ['v1', method.toUpperCase(), path, canonicalQuery(query), t, nonce, bodyHash].join('\n');
  const v1 = createHmac('sha256', secret).update(canonical).digest('hex');
  return `t=${t},n=${nonce},v1=${v1}`;
}
