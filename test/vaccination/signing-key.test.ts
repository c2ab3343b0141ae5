// The certificate signing key: from CERTIFICATE_SIGNING_KEY (never stored, only its public half
// published), or generated once and kept encrypted with the instance secret; every key that
// signed stays in the JWKS.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { loadConfig } from '../../src/config.js';
import { newSigningJwk, publishedKeys, signingKey } from '../../src/core/cowin/credential.js';
import { testApp } from '../helpers/app.js';
import { testDb, type TestDb } from '../helpers/db.js';

describe('certificate signing key', () => {
  let t: TestDb;
  before(async () => {
    t = await testDb();
  });
  after(async () => t.drop());

  it('generates a key once and stores its private half only encrypted', async () => {
    const a = await signingKey(t.store.db, t.config.secret, '');
    const rows = await t.store.db.selectFrom('signing_keys').selectAll().execute();
    assert.equal(rows.length, 1);
    assert.equal(rows[0].kid, a.kid);
    assert.match(rows[0].private_sealed ?? '', /^v1\./);
    const d = a.privateKey.export({ format: 'jwk' }).d!;
    assert.ok(!rows[0].private_sealed!.includes(d), 'not in the clear');
    assert.ok(!rows[0].public_jwk.includes('"d"'));
  });

  it('publishes the signing key before any certificate was issued: a fresh JWKS is never empty', async () => {
    const fresh = await testApp();
    try {
      assert.equal((await fresh.store.db.selectFrom('signing_keys').selectAll().execute()).length, 0);
      const res = await fresh.app.inject('/.well-known/jwks.json');
      assert.equal(res.statusCode, 200);
      const { keys } = res.json() as { keys: { kid: string; crv: string }[] };
      assert.equal(keys.length, 1);
      assert.equal(keys[0].crv, 'Ed25519');
      const signer = await signingKey(fresh.store.db, fresh.config.secret, fresh.config.certificateSigningKey);
      assert.equal(keys[0].kid, signer.kid, 'the published key is the one that signs');
    } finally {
      await fresh.close();
    }
  });

  it('uses a configured key without storing it, publishing only its public half', async () => {
    const jwk = newSigningJwk();
    const other = await testDb();
    try {
      const k = await signingKey(other.store.db, other.config.secret, JSON.stringify(jwk));
      const row = await other.store.db.selectFrom('signing_keys').selectAll().executeTakeFirstOrThrow();
      assert.equal(row.kid, k.kid);
      assert.equal(row.private_sealed, null, 'a configured private key is never written');
      assert.ok(!row.public_jwk.includes(jwk.d!));
      assert.deepEqual(
        (await publishedKeys(other.store.db)).keys.map((x) => x.kid),
        [k.kid],
      );
    } finally {
      await other.drop();
    }
  });

  it('refuses a CERTIFICATE_SIGNING_KEY that is not an Ed25519 private JWK', () => {
    const base = { DATABASE_URL: 'sqlite::memory:', CARESLOT_SECRET: 'x'.repeat(40) };
    assert.throws(
      () => loadConfig({ ...base, CERTIFICATE_SIGNING_KEY: 'not json' }),
      /CERTIFICATE_SIGNING_KEY: must be a JSON Web Key/,
    );
    const { d: _d, ...pub } = newSigningJwk();
    assert.throws(() => loadConfig({ ...base, CERTIFICATE_SIGNING_KEY: JSON.stringify(pub) }), /Ed25519 private key/);
    const ok = JSON.stringify(newSigningJwk());
    assert.equal(loadConfig({ ...base, CERTIFICATE_SIGNING_KEY: ok }).certificateSigningKey, ok);
  });
});
