// The `careslot` command as a user runs it: exit codes, --json output, clear errors.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { migrations } from '../../src/store/migrations/index.js';
import { testDb, type TestDb } from '../helpers/db.js';

const exec = promisify(execFile);

async function careslot(
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await exec(process.execPath, ['bin/careslot.js', ...args], {
      env: { ...process.env, ...env },
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('careslot CLI', () => {
  let t: TestDb;
  let env: Record<string, string>;
  before(async () => {
    t = await testDb({ seeded: false });
    env = { DATABASE_URL: t.url, CARESLOT_SECRET: t.config.secret };
  });
  after(async () => {
    await t.drop();
  });

  it('migrate --json prints one JSON object and is idempotent', async () => {
    const res = await careslot(['migrate', '--json'], env);
    assert.equal(res.code, 0, res.stderr);
    const report = JSON.parse(res.stdout);
    assert.deepEqual(report.applied, [], 'the test database was migrated already');
    assert.equal(report.current, Object.keys(migrations).at(-1));
    const text = await careslot(['migrate'], env);
    assert.match(text.stdout, /^up to date/);
  });

  it('seed loads the sandbox once', async () => {
    const first = await careslot(['seed', '--centres', '5', '--days', '1', '--json'], env);
    assert.equal(first.code, 0, first.stderr);
    const summary = JSON.parse(first.stdout);
    assert.equal(summary.seeded, true);
    assert.equal(summary.vaccination.centres, 5);
    assert.equal(summary.vaccination.slots, 5 * 4);
    assert.ok(summary.geography.pincodes > 19_000);
    const second = JSON.parse((await careslot(['seed', '--json'], env)).stdout);
    assert.equal(second.seeded, false);
  });

  it('explains unknown commands, bad options and bad configuration', async () => {
    const unknown = await careslot(['frobnicate'], env);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /unknown command "frobnicate"/);
    assert.match(unknown.stderr, /serve/);
    const badOption = await careslot(['seed', '--centers', '3'], env);
    assert.equal(badOption.code, 2);
    assert.match(badOption.stderr, /usage: careslot seed/);
    const badNumber = await careslot(['seed', '--days', 'x'], env);
    assert.equal(badNumber.code, 1);
    assert.match(badNumber.stderr, /--days must be a whole number/);
    const badEnv = await careslot(['migrate'], { ...env, PORT: 'eighty' });
    assert.equal(badEnv.code, 2);
    assert.match(badEnv.stderr, /configuration error: PORT: must be a whole number/);
    const help = await careslot(['--help'], env);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /usage: careslot <command>/);
  });
});
