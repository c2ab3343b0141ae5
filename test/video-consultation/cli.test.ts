// `careslot video generate-slots` against a real database: rolls doctors' slots forward,
// idempotently, and rejects a bad --days or --now. Every run plans from the fixed NOW (the
// fixture and the CLI alike), so the test never depends on the wall clock: two runs that
// straddle midnight in Riyadh used to see different "today"s.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { TEST_SECRET, testDb, type TestDb } from '../helpers/db.js';
import { doctorWithHours, slotsOf } from './helpers.js';

const exec = promisify(execFile);
/** A Sunday, 09:00 in Riyadh (UTC+3): before the 10:00 slot of the day. */
const NOW = '2031-03-02T06:00:00.000Z';

describe('careslot video generate-slots', () => {
  let t: TestDb;
  const cli = (...args: string[]) =>
    exec(process.execPath, ['bin/careslot.js', 'video', 'generate-slots', ...args], {
      env: { ...process.env, DATABASE_URL: t.url, CARESLOT_SECRET: TEST_SECRET, LOG_LEVEL: 'silent' },
    });
  before(async () => {
    t = await testDb({ seeded: false });
  });
  after(async () => {
    await t.drop();
  });

  it('extends the window to --days and changes nothing when run again', async () => {
    const hours = [0, 1, 2, 3, 4, 5, 6].map((weekday) => ({ weekday, start: '10:00', end: '11:00' }));
    const doc = await doctorWithHours(t.store.db, { hours, slotMinutes: 60, days: 2, now: new Date(NOW) });
    assert.equal((await slotsOf(t.store.db, doc.id)).length, 2);
    const first = JSON.parse((await cli('--days', '5', '--now', NOW, '--json')).stdout);
    assert.equal(first.created, 5 - 2);
    const slots = await slotsOf(t.store.db, doc.id);
    assert.deepEqual(
      slots.map((s) => s.start_at),
      ['02', '03', '04', '05', '06'].map((d) => `2031-03-${d}T07:00:00.000Z`),
    );
    const again = JSON.parse((await cli('--days', '5', '--now', NOW, '--json')).stdout);
    assert.deepEqual(again, { created: 0, removed: 0, kept_booked: 0 });
  });

  it('refuses a bad --days with usage', async () => {
    await assert.rejects(cli('--days', 'zero'), (err: { code: number; stderr: string }) => {
      assert.equal(err.code, 2);
      assert.match(err.stderr, /--days must be a whole number from 1 to 90/);
      return true;
    });
  });

  it('refuses a --now that is not an ISO-8601 timestamp with a zone', async () => {
    for (const bad of ['tomorrow', '2031-03-02', '2031-03-02T06:00:00', '2031-02-30T06:00:00Z']) {
      await assert.rejects(cli('--now', bad), (err: { code: number; stderr: string }) => {
        assert.equal(err.code, 2, bad);
        assert.match(err.stderr, /--now must be an ISO-8601 timestamp/);
        return true;
      });
    }
  });
});
