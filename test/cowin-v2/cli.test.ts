// `careslot apikey create|disable|enable`: one JSON object with --json, and the key works (or
// stops working) on the API Setu v2 routes at once.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { hashApiKey, newApiKey } from '../../src/core/cowin/api-keys.js';
import { testApp, type TestApp } from '../helpers/app.js';
import { TEST_SECRET } from '../helpers/db.js';

const bin = fileURLToPath(new URL('../../bin/careslot.js', import.meta.url));

describe('careslot apikey …', () => {
  let t: TestApp;
  before(async () => {
    t = await testApp();
  });
  after(async () => t.close());

  const cli = (...args: string[]) =>
    spawnSync(process.execPath, [bin, ...args], {
      env: { ...process.env, DATABASE_URL: t.url, CARESLOT_SECRET: TEST_SECRET, LOG_LEVEL: 'silent' },
      encoding: 'utf8',
    });
  const generate = (key: string) =>
    t.app.inject({
      method: 'POST',
      url: '/api/v2/auth/generateOTP',
      headers: { 'x-api-key': key },
      payload: { mobile: '9876501234' },
    });

  it('creates a key stored only as its hash, and disables and enables it', async () => {
    const created = cli('apikey', 'create', '--name', 'CLI booking app', '--json');
    assert.equal(created.status, 0, created.stderr);
    const lines = created.stdout.trim().split('\n');
    assert.equal(lines.length, 1, 'exactly one JSON object on stdout');
    const json = JSON.parse(lines[0]);
    assert.match(json.api_key, /^[A-Za-z0-9_-]{40}$/);
    assert.equal(json.scope, 'protected');
    const row = await t.store.db.selectFrom('api_keys').selectAll().where('id', '=', json.id).executeTakeFirstOrThrow();
    assert.equal(row.key_hash, hashApiKey(json.api_key));
    assert.ok(!JSON.stringify(row).includes(json.api_key), 'the clear key is not stored');
    assert.equal((await generate(json.api_key)).statusCode, 200);

    assert.equal(cli('apikey', 'disable', json.api_key, '--json').status, 0);
    assert.equal((await generate(json.api_key)).statusCode, 401);
    assert.equal(cli('apikey', 'enable', json.api_key).status, 0);
    assert.equal((await generate(json.api_key)).statusCode, 200);
  });

  it('never issues a key the CLI would read as an option', () => {
    // One base64url key in 64 starts with "-": among 2,000, one would with near certainty.
    const keys = Array.from({ length: 2000 }, () => newApiKey());
    assert.equal(keys.filter((k) => k.startsWith('-')).length, 0);
    assert.ok(keys.every((k) => /^[A-Za-z0-9_-]{40}$/.test(k)));
    assert.ok(
      keys.some((k) => k.includes('-')),
      'a dash inside a key is fine',
    );
  });

  it('explains usage mistakes, scopes not issued, and unknown keys', () => {
    assert.equal(cli('apikey', 'create').status, 2);
    const scope = cli('apikey', 'create', '--name', 'X', '--scope', 'vaccinator');
    assert.equal(scope.status, 1);
    assert.match(scope.stderr, /needs its state: --state/);
    const unknownState = cli('apikey', 'create', '--name', 'X', '--scope', 'vaccinator', '--state', '99');
    assert.equal(unknownState.status, 1);
    assert.match(unknownState.stderr, /state 99 does not exist/);
    const stateless = cli('apikey', 'create', '--name', 'X', '--state', '21');
    assert.equal(stateless.status, 1);
    assert.match(stateless.stderr, /only on vaccinator keys/);
    const vaccinator = cli(
      'apikey',
      'create',
      '--name',
      'Maharashtra drive',
      '--scope',
      'vaccinator',
      '--state',
      '21',
      '--json',
    );
    assert.equal(vaccinator.status, 0, vaccinator.stderr);
    assert.equal(JSON.parse(vaccinator.stdout).state_id, 21);
    const unknown = cli('apikey', 'disable', 'no-such-key-0000000000');
    assert.equal(unknown.status, 1);
    assert.match(unknown.stderr, /no API key/);
    const guest = cli('apikey', 'create', '--name', 'X', '--guest', 'not-a-guest-000');
    assert.equal(guest.status, 1);
    assert.match(guest.stderr, /no enabled guest account/);
  });
});
