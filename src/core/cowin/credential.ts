// Vaccination certificates as W3C Verifiable Credentials (VC Data Model 1.1) in their JWT
// encoding (vc-jwt), signed EdDSA with Ed25519 as India's DIVOC certificates were. The signing
// key is CERTIFICATE_SIGNING_KEY (production: a private JWK from configuration, never stored)
// or, without it, one generated on first use and kept in `signing_keys` encrypted with the
// instance secret. Every public key ever used stays published (JWKS at
// /.well-known/jwks.json), so certificates signed before a key change still verify.
import { generateKeyPairSync, createPrivateKey, type KeyObject } from 'node:crypto';
import {
  calculateJwkThumbprint,
  createLocalJWKSet,
  errors,
  jwtVerify,
  SignJWT,
  type JWK,
  type JSONWebKeySet,
} from 'jose';
import { iso, isUniqueViolation } from '../../store/dialect.js';
import type { Conn } from '../../store/index.js';
import { seal, unseal } from '../shared/seal.js';
import { unpackJws } from './qr-payload.js';

const SEAL = 'careslot-certificate-signing-key';
export const VC_CONTEXT = 'https://www.w3.org/2018/credentials/v1';
export const CARESLOT_CONTEXT = 'https://careslot.example/credentials/vaccination/v1';
export const CREDENTIAL_TYPE = 'ProofOfVaccinationCredential';

export interface SigningKey {
  kid: string;
  privateKey: KeyObject;
  publicJwk: JWK;
}

const publicOf = (jwk: JWK): JWK => ({ kty: jwk.kty, crv: jwk.crv, x: jwk.x });

async function fromPrivateJwk(jwk: JWK): Promise<SigningKey> {
  const pub = publicOf(jwk);
  const kid = await calculateJwkThumbprint(pub);
  return {
    kid,
    privateKey: createPrivateKey({ key: jwk as never, format: 'jwk' }),
    publicJwk: { ...pub, kid, alg: 'EdDSA', use: 'sig' },
  };
}

/** A new Ed25519 private key as a JWK (for CERTIFICATE_SIGNING_KEY). */
export function newSigningJwk(): JWK {
  return generateKeyPairSync('ed25519').privateKey.export({ format: 'jwk' }) as JWK;
}

const cache = new WeakMap<object, Promise<SigningKey>>();

async function publish(db: Conn, key: SigningKey, sealed: string | null): Promise<void> {
  const known = await db.selectFrom('signing_keys').select('kid').where('kid', '=', key.kid).executeTakeFirst();
  if (known) return;
  try {
    await db
      .insertInto('signing_keys')
      .values({ kid: key.kid, public_jwk: JSON.stringify(key.publicJwk), private_sealed: sealed, created_at: iso() })
      .execute();
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
  }
}

async function loadKey(db: Conn, secret: string, configured: string): Promise<SigningKey> {
  if (configured) {
    const key = await fromPrivateJwk(JSON.parse(configured));
    await publish(db, key, null);
    return key;
  }
  const stored = await db
    .selectFrom('signing_keys')
    .select('private_sealed')
    .where('private_sealed', 'is not', null)
    .orderBy('created_at')
    .orderBy('kid')
    .executeTakeFirst();
  if (stored?.private_sealed) return fromPrivateJwk(JSON.parse(unseal(SEAL, secret, stored.private_sealed)));
  const jwk = newSigningJwk();
  const key = await fromPrivateJwk(jwk);
  await publish(db, key, seal(SEAL, secret, JSON.stringify(jwk)));
  // Two processes may both have generated one: the oldest stored key is the one everyone uses.
  return loadKey(db, secret, configured);
}

/** The key that signs new certificates (loaded once per database handle). */
export function signingKey(db: Conn, secret: string, configured: string): Promise<SigningKey> {
  let k = cache.get(db);
  if (!k) {
    k = loadKey(db, secret, configured);
    k.catch(() => cache.delete(db));
    cache.set(db, k);
  }
  return k;
}

/** Every public key that ever signed a certificate here, as a JWKS. */
export async function publishedKeys(db: Conn): Promise<JSONWebKeySet> {
  const rows = await db.selectFrom('signing_keys').select('public_jwk').orderBy('created_at').execute();
  return { keys: rows.map((r) => JSON.parse(r.public_jwk)) };
}

export interface CredentialClaims {
  issuer: string;
  /** The certificate id; the credential's id is `urn:careslot:certificate:<id>`. */
  certificateId: string;
  issuedAt: Date;
  credentialSubject: Record<string, unknown>;
  evidence: Record<string, unknown>[];
}

/** Sign a vaccination credential: a compact JWS (vc-jwt). */
export async function signCredential(key: SigningKey, c: CredentialClaims): Promise<string> {
  const id = `urn:careslot:certificate:${c.certificateId}`;
  return new SignJWT({
    vc: {
      '@context': [VC_CONTEXT, CARESLOT_CONTEXT],
      type: ['VerifiableCredential', CREDENTIAL_TYPE],
      credentialSubject: c.credentialSubject,
      evidence: c.evidence,
    },
  })
    .setProtectedHeader({ alg: 'EdDSA', kid: key.kid, typ: 'JWT' })
    .setIssuer(c.issuer)
    .setJti(id)
    .setNotBefore(Math.floor(c.issuedAt.getTime() / 1000))
    .setIssuedAt(Math.floor(c.issuedAt.getTime() / 1000))
    .sign(key.privateKey);
}

export interface VerifiedCredential {
  kid: string;
  issuer: string;
  certificateId: string;
  issuedAt: string;
  credentialSubject: Record<string, unknown>;
  evidence: Record<string, unknown>[];
}

export type VerifyOutcome = { ok: true; credential: VerifiedCredential } | { ok: false; reason: string };

/**
 * Verify a vc-jwt (bare, or packed for a QR code: qr-payload.ts) against a JWKS, offline: the signature (EdDSA only), the key id, and the
 * credential's shape. Any change to a signed byte fails the signature.
 */
export async function verifyCredential(jwt: string, jwks: JSONWebKeySet, now = new Date()): Promise<VerifyOutcome> {
  const text = unpackJws(jwt);
  if (text === undefined) return { ok: false, reason: 'not a signed credential (the packed QR text does not unpack)' };
  if (!/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(text))
    return { ok: false, reason: 'not a signed credential (expected a compact JWS: three base64url parts)' };
  try {
    const { payload, protectedHeader } = await jwtVerify(text, createLocalJWKSet(jwks), {
      algorithms: ['EdDSA'],
      currentDate: now,
    });
    const vc = payload.vc as { type?: unknown; credentialSubject?: unknown; evidence?: unknown } | undefined;
    if (!vc || !Array.isArray(vc.type) || !vc.type.includes(CREDENTIAL_TYPE) || !Array.isArray(vc.evidence))
      return { ok: false, reason: 'signed, but not a vaccination credential' };
    return {
      ok: true,
      credential: {
        kid: String(protectedHeader.kid),
        issuer: String(payload.iss),
        certificateId: String(payload.jti ?? '').replace('urn:careslot:certificate:', ''),
        issuedAt: new Date((payload.iat ?? 0) * 1000).toISOString(),
        credentialSubject: vc.credentialSubject as Record<string, unknown>,
        evidence: vc.evidence as Record<string, unknown>[],
      },
    };
  } catch (err) {
    if (err instanceof errors.JWKSNoMatchingKey)
      return { ok: false, reason: 'signed by a key this issuer never published' };
    if (err instanceof errors.JWSSignatureVerificationFailed)
      return { ok: false, reason: 'the signature does not match: the credential was altered or forged' };
    if (err instanceof errors.JOSEError) return { ok: false, reason: `not a valid credential (${err.code})` };
    return { ok: false, reason: 'not a valid credential (unreadable)' };
  }
}
