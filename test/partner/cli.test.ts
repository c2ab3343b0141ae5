// `careslot partner …` against a real database: create prints the token and secret once
// (JSON), rotate keeps two secrets, disable refuses the token. The CLI is another process:
// this process's partner caches see its changes once their time to live has passed, so the
// test moves the caches' clock past it after each command.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { activeSecrets, partnerByToken, partnerProducts } from '../../src/core/partners/lookups.js';
import { setCacheClock } from '../../src/core/shared/ttl-cache.js';
import { TEST_SECRET, testDb, type TestDb } from '../helpers/db.js';

const exec = promisify(execFile);

describe('careslot partner', () => {
  let t: TestDb;
  let clock = 0;
  const cli = async (...args: string[]) => {
    const out = await exec(process.execPath, ['bin/careslot.js', ...args], {
      env: { ...process.env, DATABASE_URL: t.url, CARESLOT_SECRET: TEST_SECRET, LOG_LEVEL: 'silent' },
    });
    clock += 60_000;
    return out;
  };
  before(async () => {
    setCacheClock(() => clock);
    t = await testDb({ seeded: false });
  });
  after(async () => {
    setCacheClock(undefined);
    await t.drop();
  });

  it('create --json prints one object with the token and secret; only hashes and ciphertexts are stored', async () => {
    const { stdout } = await cli(
      'partner',
      'create',
      '--name',
      'Acme Health',
      '--prd-id',
      'KV-ACME',
      '--prd-id',
      'VC-ACME',
      '--json',
    );
    const out = JSON.parse(stdout);
    assert.match(out.partner_id, /^ptn_/);
    assert.match(out.token, /^cpt_/);
    assert.match(out.secret, /^cps_[0-9a-f]{64}$/);
    assert.deepEqual(out.prd_ids, ['KV-ACME', 'VC-ACME']);
    const p = await partnerByToken(t.store.db, out.token);
    assert.equal(p?.code, out.partner_id);
    assert.deepEqual(await partnerProducts(t.store.db, p!.id), ['KV-ACME', 'VC-ACME']);
    assert.deepEqual(await activeSecrets(t.store.db, TEST_SECRET, p!.id), [out.secret]);
    const raw =
      JSON.stringify(await t.store.db.selectFrom('partner_secrets').selectAll().execute()) +
      JSON.stringify(await t.store.db.selectFrom('partners').selectAll().execute());
    assert.ok(!raw.includes(out.token) && !raw.includes(out.secret));

    // rotate: two active secrets, newest first
    const rot = JSON.parse((await cli('partner', 'rotate-secret', out.partner_id, '--json')).stdout);
    assert.equal(rot.active_secrets, 2);
    assert.deepEqual(await activeSecrets(t.store.db, TEST_SECRET, p!.id), [rot.secret, out.secret]);

    // disable: the token is refused
    const dis = JSON.parse((await cli('partner', 'disable', out.partner_id, '--json')).stdout);
    assert.equal(dis.active, false);
    assert.equal(await partnerByToken(t.store.db, out.token), undefined);
  });

  it('in sandbox mode a partner without --prd-id gets the sandbox product code', async () => {
    const out = JSON.parse((await cli('partner', 'create', '--name', 'Tester', '--json')).stdout);
    assert.deepEqual(out.prd_ids, ['KV-SANDBOX']);
  });

  it('origins: adds, lists and removes the origins checkout may send payers back to; refuses a URL with a path', async () => {
    const out = JSON.parse((await cli('partner', 'create', '--name', 'Origins', '--json')).stdout);
    const added = JSON.parse(
      (
        await cli(
          'partner',
          'origins',
          out.partner_id,
          '--add',
          'https://app.example.com/',
          '--add',
          'http://localhost:5173',
          '--json',
        )
      ).stdout,
    );
    assert.deepEqual(added, {
      partner_id: out.partner_id,
      origins: ['https://app.example.com', 'http://localhost:5173'],
    });
    const p = await partnerByToken(t.store.db, out.token);
    assert.equal(p?.checkout_origins, '["https://app.example.com","http://localhost:5173"]');
    const removed = JSON.parse(
      (await cli('partner', 'origins', out.partner_id, '--remove', 'http://localhost:5173', '--json')).stdout,
    );
    assert.deepEqual(removed.origins, ['https://app.example.com']);
    await assert.rejects(
      cli('partner', 'origins', out.partner_id, '--add', 'https://app.example.com/done'),
      (e: { code: number; stderr: string }) =>
        e.code === 1 && /"https:\/\/app.example.com\/done" is not an origin/.test(e.stderr),
    );
  });

  it('refuses a missing name and an unknown partner', async () => {
    await assert.rejects(
      cli('partner', 'create', '--json'),
      (e: { code: number; stderr: string }) => e.code === 2 && /--name is required/.test(e.stderr),
    );
    await assert.rejects(
      cli('partner', 'rotate-secret', 'ptn_nope'),
      (e: { code: number; stderr: string }) => e.code === 1 && /partner ptn_nope does not exist/.test(e.stderr),
    );
  });
});
