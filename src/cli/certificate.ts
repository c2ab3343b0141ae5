// certificate verify / keygen. `verify` checks a vaccination certificate offline: the QR code
// read back from a certificate PDF's image, or the QR's text given directly (or in a text
// file), against the public keys of --jwks FILE (a saved /.well-known/jwks.json) or, without
// it, the keys in the configured database. Exit 0 valid, 1 refused. `keygen` prints a new
// Ed25519 private JWK for CERTIFICATE_SIGNING_KEY.
import { existsSync, readFileSync } from 'node:fs';
import type { JSONWebKeySet } from 'jose';
import { verifyCertificate } from '../core/cowin/certificate-qr.js';
import { newSigningJwk, publishedKeys } from '../core/cowin/credential.js';
import { output, parse, UsageError, withStore, type Run } from './context.js';

function readJwks(path: string): JSONWebKeySet {
  try {
    const jwks = JSON.parse(readFileSync(path, 'utf8'));
    if (!Array.isArray(jwks?.keys)) throw new Error('no keys');
    return jwks;
  } catch {
    throw new UsageError(`--jwks ${path} is not a JWKS file (save /.well-known/jwks.json)`);
  }
}

export const certificateVerify: Run = async (argv, usage) => {
  const { values, positionals } = parse(argv, { jwks: { type: 'string' } }, usage);
  if (positionals.length !== 1) throw new UsageError(`expected one FILE.pdf or QR text\nusage: careslot ${usage}`);
  const arg = positionals[0];
  const input: Uint8Array | string = existsSync(arg) ? readFileSync(arg) : arg;
  const jwks = values.jwks ? readJwks(values.jwks) : await withStore((store) => publishedKeys(store.db));
  const result = await verifyCertificate(input, jwks);
  if (!result.ok) {
    if (values.json) output(true, { valid: false, reason: result.reason });
    else process.stderr.write(`careslot: certificate REFUSED: ${result.reason}\n`);
    return 1;
  }
  const c = result.credential;
  const subject = c.credentialSubject as { name?: string; refId?: string };
  const doses = c.evidence.map((e) => `dose ${e.dose} of ${e.totalDoses}: ${e.vaccine} on ${e.date}`).join('; ');
  output(
    values.json,
    { valid: true, ...c },
    `certificate VALID: ${c.certificateId}, signed by ${c.issuer} (key ${c.kid})\n` +
      `  ${subject.name ?? ''} (beneficiary ${subject.refId ?? ''}): ${doses}`,
  );
  return 0;
};

export const certificateKeygen: Run = async (argv, usage) => {
  const { values } = parse(argv, {}, usage);
  const jwk = JSON.stringify(newSigningJwk());
  output(values.json, { certificate_signing_key: jwk }, `CERTIFICATE_SIGNING_KEY='${jwk}'`);
  return 0;
};
