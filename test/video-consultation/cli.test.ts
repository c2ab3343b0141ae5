// `careslot video generate-slots` against a real database: rolls doctors' slots forward,
// idempotently, and rejects a bad --days.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { TEST_SECRET, testDb, type TestDb } from '../helpers/db.js';
import { doctorWithHours, slotsOf } from './helpers.js';

const exec = promisify(execFile);

describe('careslot video generate-slots', () => {
  let t: TestDb;
  const cli = (...args: string[]) => exec(process.execPath, ['bin/careslot.js', 'video', 'generate-slots', ...args],
    { env: { ...process.env, DATABASE_URL: t.url, CARESLOT_SECRET: TEST_SECRET, LOG_LEVEL: 'silent' } });
  before(async () => { t = await testDb({ seeded: false }); });
  after(async () => { await t.drop(); });

  it('extends the window to --days and changes nothing when run again', async () => {
    const hours = [0, 1, 2, 3, 4, 5, 6].map((weekday) => ({ weekday, start: '10:00', end: '11:00' }));
    const doc = await doctorWithHours(t.store.db, { hours, slotMinutes: 60, days: 2 });
    const before = (await slotsOf(t.store.db, doc.id)).length;
    const first = JSON.parse((await cli('--days', '5', '--json')).stdout);
    assert.equal(first.created, 5 - 2);
    assert.equal((await slotsOf(t.store.db, doc.id)).length, before + 3);
    const again = JSON.parse((await cli('--days', '5', '--json')).stdout);
    assert.deepEqual(again, { created: 0, removed: 0, kept_booked: 0 });
  });

  it('refuses a bad --days with usage', async () => {
    await assert.rejects(cli('--days', 'zero'), (err: { code: number; stderr: string }) => {
      assert.equal(err.code, 2);
      assert.match(err.stderr, /--days must be a whole number from 1 to 90/);
      return true;
    });
  });
});
