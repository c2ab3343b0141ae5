// How a partner's credentials are stored: the bearer token as its SHA-256 (only compared,
// never shown again), the signing secrets encrypted with a key derived from CARESLOT_SECRET
// (verifying an HMAC needs the secret itself).
import { createCipheriv, createDecipheriv, createHash, hash, randomBytes } from 'node:crypto';

/** Secrets kept active at once: the newest and the one being rotated out. */
export const ACTIVE_SECRETS = 2;

/** The SHA-256 of a bearer token, hex (one-shot `hash`: it runs on every signed request). */
export function tokenHash(token: string): string {
  return hash('sha256', token, 'hex');
}

const keys = new Map<string, Buffer>();
function secretKey(instanceSecret: string): Buffer {
  let k = keys.get(instanceSecret);
  if (!k) {
    k = createHash('sha256').update(`careslot-partner-secrets:${instanceSecret}`).digest();
    keys.set(instanceSecret, k);
  }
  return k;
}

/** AES-256-GCM with a key derived from CARESLOT_SECRET: `v1.<iv>.<tag>.<ciphertext>` (base64url). */
export function encryptSecret(instanceSecret: string, plain: string): string {
  const iv = randomBytes(12);
  const c = createCipheriv('aes-256-gcm', secretKey(instanceSecret), iv);
  const ct = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
  return ['v1', iv.toString('base64url'), c.getAuthTag().toString('base64url'), ct.toString('base64url')].join('.');
}

export function decryptSecret(instanceSecret: string, stored: string): string {
  const [v, iv, tag, ct] = stored.split('.');
  if (v !== 'v1' || !iv || !tag || ct === undefined) throw new Error('unreadable partner secret');
  const d = createDecipheriv('aes-256-gcm', secretKey(instanceSecret), Buffer.from(iv, 'base64url'));
  d.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([d.update(Buffer.from(ct, 'base64url')), d.final()]).toString('utf8');
}
