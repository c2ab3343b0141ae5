// `careslot guest create|disable|enable`: scripts get exactly one JSON object with --json,
// and the account works (or stops working) on the API at once.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { testApp, type TestApp } from '../helpers/app.js';
import { TEST_SECRET } from '../helpers/db.js';

const bin = fileURLToPath(new URL('../../bin/careslot.js', import.meta.url));

describe('careslot guest …', () => {
  let t: TestApp;
  before(async () => {
    t = await testApp();
  });
  after(async () => {
    await t.close();
  });

  const cli = (...args: string[]) =>
    spawnSync(process.execPath, [bin, ...args], {
      env: { ...process.env, DATABASE_URL: t.url, CARESLOT_SECRET: TEST_SECRET, LOG_LEVEL: 'silent' },
      encoding: 'utf8',
    });
  const login = (user_name: string) =>
    t.app.inject({ method: 'POST', url: '/api/v1/auth/guest/login', payload: { user_name } });

  it('creates, disables and enables a guest account', async () => {
    const created = cli('guest', 'create', '--name', 'CLI partner', '--json');
    assert.equal(created.status, 0, created.stderr);
    const lines = created.stdout.trim().split('\n');
    assert.equal(lines.length, 1, 'exactly one JSON object on stdout');
    const json = JSON.parse(lines[0]);
    assert.match(json.user_name, /^[0-9a-f]{20}$/);
    assert.equal(json.name, 'CLI partner');
    assert.equal((await login(json.user_name)).statusCode, 200);

    const disabled = cli('guest', 'disable', json.user_name, '--json');
    assert.equal(disabled.status, 0, disabled.stderr);
    assert.deepEqual(JSON.parse(disabled.stdout), { user_name_hint: json.user_name.slice(-4), disabled: true });
    assert.equal((await login(json.user_name)).statusCode, 401);

    assert.equal(cli('guest', 'enable', json.user_name).status, 0);
    assert.equal((await login(json.user_name)).statusCode, 200);
  });

  it('explains usage mistakes and unknown accounts', () => {
    const noName = cli('guest', 'create');
    assert.equal(noName.status, 2);
    assert.match(noName.stderr, /--name is required/);
    const unknown = cli('guest', 'disable', 'ffffffffffffffffffff');
    assert.equal(unknown.status, 1);
    assert.match(unknown.stderr, /no guest account/);
  });
});
