// Small secrets kept in the database, encrypted at rest: AES-256-GCM under a key derived from
// the instance secret (CARESLOT_SECRET) and a purpose label, as `v1.<iv>.<tag>.<ciphertext>`
// (base64url). A different label gives an unrelated key, so one sealed value never opens as
// another kind.
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

const keyOf = (label: string, secret: string) => createHash('sha256').update(`${label}:${secret}`).digest();

export function seal(label: string, secret: string, plain: string): string {
  const iv = randomBytes(12);
  const c = createCipheriv('aes-256-gcm', keyOf(label, secret), iv);
  const ct = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
  return ['v1', iv.toString('base64url'), c.getAuthTag().toString('base64url'), ct.toString('base64url')].join('.');
}

export function unseal(label: string, secret: string, sealed: string): string {
  const [v, iv, tag, ct] = sealed.split('.');
  if (v !== 'v1' || !iv || !tag || ct === undefined) throw new Error(`unreadable sealed value (${label})`);
  const d = createDecipheriv('aes-256-gcm', keyOf(label, secret), Buffer.from(iv, 'base64url'));
  d.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([d.update(Buffer.from(ct, 'base64url')), d.final()]).toString('utf8');
}
