// Operator accounts: scrypt hashes, login, lockout after wrong passwords, disabled accounts,
// the token's claims, the CLI, and the sandbox operator.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { createOperator, MAX_FAILED } from '../../src/core/cowin/operators.js';
import { verifyToken } from '../../src/core/shared/tokens.js';
import { sandboxCredentials } from '../../src/sandbox/index.js';
import { SANDBOX_OPERATOR_EMAIL, sandboxOperatorPassword } from '../../src/sandbox/operator.js';
import { testApp, type TestApp } from '../helpers/app.js';
import { TEST_SECRET } from '../helpers/db.js';
import { multipart, row, sheet } from './sheets.js';

const run = promisify(execFile);

describe('operators', () => {
  let t: TestApp;
  before(async () => {
    t = await testApp();
  });
  after(async () => {
    await t.close();
  });

  const login = async (email: string, password: string) => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/admin/login', payload: { email, password } });
    return { status: res.statusCode, body: res.json(), headers: res.headers };
  };

  it('stores a salted scrypt hash, never the password', async () => {
    const a = await createOperator(t.store.db, {
      email: 'Hash@Test.local',
      password: 'same-password-1',
      role: 'facility',
    });
    const b = await createOperator(t.store.db, {
      email: 'hash2@test.local',
      password: 'same-password-1',
      role: 'facility',
    });
    assert.equal(a.email, 'hash@test.local');
    assert.match(a.password_hash, /^scrypt\$[0-9a-f]{32}\$[0-9a-f]{64}$/);
    assert.notEqual(a.password_hash, b.password_hash, 'each operator has its own salt');
    assert.ok(!a.password_hash.includes('same-password-1'));
    await assert.rejects(
      createOperator(t.store.db, { email: 'hash@test.local', password: 'another-password', role: 'admin' }),
      { kind: 'conflict' },
    );
    await assert.rejects(createOperator(t.store.db, { email: 'not-an-email', password: 'another-password' }), {
      kind: 'invalid',
    });
    await assert.rejects(createOperator(t.store.db, { email: 'short@test.local', password: 'short' }), {
      kind: 'invalid',
    });
  });

  it('logs in with the exact operator claims the partner APIs expect', async () => {
    const op = await createOperator(t.store.db, {
      email: 'login@test.local',
      password: 'login-password-1',
      role: 'facility',
    });
    const res = await login('LOGIN@test.local', 'login-password-1');
    assert.equal(res.status, 200);
    assert.equal(res.body.role, 'facility');
    assert.equal(res.body.expires_in, 3600);
    const v = await verifyToken(t.config.secret, res.body.token, ['operator']);
    assert.ok(v.ok);
    assert.equal(v.claims.kind, 'operator');
    assert.equal(v.claims.sub, String(op.id));
    assert.equal(v.claims.role, 'facility');
    // A guest token cannot stand in for it.
    assert.ok(!(await verifyToken(t.config.secret, res.body.token, ['guest'])).ok);
  });

  it('answers a wrong password and an unknown email the same way, and locks after repeated failures', async () => {
    await createOperator(t.store.db, { email: 'lock@test.local', password: 'right-password-1', role: 'admin' });
    const unknown = await login('nobody@test.local', 'whatever-password');
    const wrong = await login('lock@test.local', 'wrong-password-1');
    assert.deepEqual(
      [unknown.status, unknown.body],
      [401, { errorCode: 'USRAUT0004', error: 'email or password is wrong' }],
    );
    assert.deepEqual([wrong.status, wrong.body], [unknown.status, unknown.body]);
    for (let i = 1; i < MAX_FAILED; i++) await login('lock@test.local', 'wrong-password-1');
    const locked = await login('lock@test.local', 'right-password-1');
    assert.equal(locked.status, 429);
    assert.equal(locked.body.errorCode, 'USRAUT0005');
    assert.ok(Number(locked.headers['retry-after']) > 0);
    const row = await t.store.db
      .selectFrom('rate_counters')
      .select(['count', 'expires_at'])
      .where('key', '=', 'operator-login:lock@test.local')
      .executeTakeFirstOrThrow();
    assert.ok(row.expires_at > new Date().toISOString(), 'the lock lives in the database');
  });

  it('refuses a disabled operator at login and its earlier tokens at the upload', async () => {
    await createOperator(t.store.db, { email: 'off@test.local', password: 'off-password-1', role: 'admin' });
    const { body } = await login('off@test.local', 'off-password-1');
    await t.store.db.updateTable('operators').set({ disabled: 1 }).where('email', '=', 'off@test.local').execute();
    assert.equal((await login('off@test.local', 'off-password-1')).status, 401);
    const m = multipart(sheet([row()]));
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/admin/facility/upload',
      payload: m.payload,
      headers: { ...m.headers, authorization: `Bearer ${body.token}` },
    });
    assert.equal(res.statusCode, 401);
    assert.equal(res.json().errorCode, 'USRAUT0001');
  });

  it('validates the login body', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/admin/login', payload: { email: 'a@b.c' } });
    assert.equal(res.statusCode, 400);
    assert.equal(res.json().errorCode, 'APPOIN0001');
    assert.match(res.json().error, /password is required/);
  });

  it('has a sandbox operator whose printed login works', async () => {
    const creds = await sandboxCredentials(t.store, t.config);
    assert.equal(creds['operator email'], SANDBOX_OPERATOR_EMAIL);
    assert.equal(creds['operator password'], sandboxOperatorPassword(t.config));
    const res = await login(creds['operator email'], creds['operator password']);
    assert.equal(res.status, 200);
    assert.equal(res.body.role, 'admin');
  });

  it('creates operators from the CLI with --json', async () => {
    const env = { ...process.env, DATABASE_URL: t.url, CARESLOT_SECRET: TEST_SECRET, LOG_LEVEL: 'silent' };
    const out = await run(
      process.execPath,
      [
        'bin/careslot.js',
        'operator',
        'create',
        '--email',
        'cli@test.local',
        '--password',
        'cli-password-1',
        '--role',
        'admin',
        '--json',
      ],
      { env },
    );
    const created = JSON.parse(out.stdout);
    assert.deepEqual(Object.keys(created), ['operator_id', 'email', 'role']);
    assert.equal(created.role, 'admin');
    assert.equal((await login('cli@test.local', 'cli-password-1')).status, 200);
    const dup = await run(
      process.execPath,
      ['bin/careslot.js', 'operator', 'create', '--email', 'cli@test.local', '--password', 'cli-password-1'],
      { env },
    ).catch((e) => e);
    assert.equal(dup.code, 2);
    assert.match(dup.stderr, /already exists/);
    const role = await run(
      process.execPath,
      [
        'bin/careslot.js',
        'operator',
        'create',
        '--email',
        'x@test.local',
        '--password',
        'cli-password-1',
        '--role',
        'root',
      ],
      { env },
    ).catch((e) => e);
    assert.equal(role.code, 2);
    assert.match(role.stderr, /--role must be admin or facility/);
  });
});
