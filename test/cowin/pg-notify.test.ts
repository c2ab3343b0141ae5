// PostgreSQL change notices (issue 11): every app LISTENs on `careslot_changes`, every change
// made through the core is announced inside its transaction, so availability entries live
// until a change, and another process's commit shows once its notice has arrived. While the
// listener is down, caches fall back to READ_CACHE_MS. The other process here is a real one
// (test/helpers/book-worker.ts): in one process the versions are shared and prove nothing.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { after, afterEach, before, describe, it } from 'node:test';
import pg from 'pg';
import { setGuestDisabled } from '../../src/core/cowin/guests.js';
import {
  availabilityTtl,
  catalogueChanged,
  catalogueVersion,
  placeVersion,
  seatsChanged,
} from '../../src/core/scheduling/changes.js';
import { takeSeats } from '../../src/core/scheduling/seats.js';
import { setCacheClock } from '../../src/core/shared/ttl-cache.js';
import type { TestApp } from '../helpers/app.js';
import { isPostgresRun } from '../helpers/db.js';
import { get } from './api-helpers.js';
import type { TestCentre } from './appointment-fixtures.js';
import { Client } from './helpers.js';
import { cacheFixture, type CacheFixture, seatsShown } from './cache-fixture.js';

const skip = isPostgresRun()
  ? false
  : 'PostgreSQL only: on SQLite other processes are seen through PRAGMA data_version (read-cache.test.ts)';

/** Poll `ok` (every 5 ms) for at most `ms`; elapsed time only, never the time of day. */
async function waitFor(ok: () => boolean | Promise<boolean>, what: string, ms = 2000): Promise<void> {
  const until = performance.now() + ms;
  while (!(await ok())) {
    if (performance.now() > until) assert.fail(`not within ${ms} ms: ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

function bookInAnotherProcess(url: string, slotId: number): Promise<{ ok: number; other: string[] }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'test/helpers/book-worker.ts', url, String(slotId), '1'],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
    });
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`book-worker exited ${code}`)),
    );
  });
}

describe('PostgreSQL change notices', { skip }, () => {
  let t: TestApp;
  let centre: TestCentre;
  let placeId: number;
  /** A plain LISTEN on the test database: what every process is told. */
  let ear: pg.Client;
  const notices: string[] = [];
  let clock = 1_000_000;
  let fixture: CacheFixture;
  before(async () => {
    fixture = await cacheFixture(() => clock);
    ({ t, centre } = fixture);
    placeId = (
      await t.store.db
        .selectFrom('slots')
        .select('place_id')
        .where('id', '=', centre.slots[0].id)
        .executeTakeFirstOrThrow()
    ).place_id;
    ear = new pg.Client({ connectionString: t.url });
    await ear.connect();
    ear.on('notification', (m) => notices.push(m.payload ?? ''));
    await ear.query('listen careslot_changes');
  });
  afterEach(() => {
    clock += 60_000;
  });
  after(async () => {
    setCacheClock(undefined);
    await ear?.end();
    await t?.close();
  });

  const seats = () => seatsShown(fixture);
  /** A write no Careslot process announces (as from psql): the caches cannot know of it. */
  const setBooked = (slotId: number, booked: number) =>
    t.store.db.updateTable('slots').set({ booked }).where('id', '=', slotId).execute();

  it('listens once ready: entries have no time to live, and the read model loads at start', async () => {
    assert.ok(t.app.changeListener?.pid(), 'the LISTEN connection is up');
    assert.equal(availabilityTtl(t.config.readCacheMs), Number.POSITIVE_INFINITY);
    // Loading includes rendering every listing: seconds on a busy CI machine.
    await waitFor(
      async () => (await t.app.inject('/readyz')).json().read_model === 'loaded',
      'read_model: loaded',
      15_000,
    );
  });

  it('shows a booking committed by another process once its notice has arrived, and not a write nobody announced', async () => {
    assert.deepEqual(await seats(), ['5', '3']);
    await setBooked(centre.slots[1].id, 2);
    clock += t.config.readCacheMs * 10;
    assert.deepEqual(await seats(), ['5', '3'], 'cached past READ_CACHE_MS: nothing announced a change');

    const heard = notices.length;
    const r = await bookInAnotherProcess(t.url, centre.slots[0].id);
    assert.deepEqual(r, { ok: 1, other: [] });
    // The other process has exited: its transaction committed, and its notice is on its way.
    await waitFor(async () => (await seats()).join() === '4,1', 'the booking (and the place re-read) shows');
    assert.deepEqual(notices.slice(heard), [`p:${placeId}`], 'one notice, naming the place');

    await setBooked(centre.slots[1].id, 0);
    // What an operator runs after writing outside Careslot (docs/architecture.md).
    await ear.query("notify careslot_changes, 'c'");
    await waitFor(async () => (await seats()).join() === '4,3', 'a manual notice drops the entries');
  });

  it('a rolled-back change notifies nobody; a committed one once per place, taken seats by their own statement', async () => {
    const heard = notices.length;
    const v0 = placeVersion(placeId);
    await assert.rejects(
      t.store.tx(async (trx) => {
        assert.ok(await takeSeats(trx, centre.slots[1].id, 1, new Date()));
        catalogueChanged(trx);
        throw new Error('rolled back');
      }),
      /rolled back/,
    );
    await t.store.tx(async (trx) => {
      assert.ok(await takeSeats(trx, centre.slots[1].id, 1, new Date()));
      assert.ok(await takeSeats(trx, centre.slots[1].id, 1, new Date()));
      seatsChanged(trx, 999_999);
    });
    await waitFor(() => notices.length > heard, 'the committed notice');
    await waitFor(() => notices.length > heard + 1, 'both committed notices');
    // Notices arrive in commit order: had the rolled-back one been sent, it would come first.
    // The seats' update sent its place's notice itself (PostgreSQL folds the second, identical
    // one); the rest were collected and sent together just before COMMIT.
    assert.deepEqual(notices.slice(heard), [`p:${placeId}`, 'p:999999']);
    // The listener skips its own store's notices (their commit hooks already bumped): once a
    // later notice from elsewhere is heard (notices arrive in commit order), one bump only.
    const sentinel = placeVersion(999_998);
    await ear.query("notify careslot_changes, 'p:999998'");
    await waitFor(() => placeVersion(999_998) !== sentinel, 'the later notice');
    assert.equal(placeVersion(placeId) - v0, 2, 'bumped by the two commit hooks only, not by the notice');
    assert.deepEqual(await seats(), ['4', '1']);
  });

  it('announces autocommit changes and guest accounts too', async () => {
    let heard = notices.length;
    const c0 = catalogueVersion();
    catalogueChanged(t.store.db);
    await waitFor(() => notices.length > heard, "the catalogue's notice");
    assert.deepEqual(notices.slice(heard), ['c']);
    assert.ok(catalogueVersion() > c0);

    const g = await new Client(t).guest('notice test');
    heard = notices.length;
    assert.ok(await setGuestDisabled(t.store.db, g.userName, true));
    await waitFor(() => notices.length > heard, "the guest's notice");
    assert.deepEqual(notices.slice(heard), ['g']);
    await setGuestDisabled(t.store.db, g.userName, false);
  });

  it('hears a guest disabled by hand in SQL (the guests trigger), and refuses its token', async () => {
    const g = await new Client(t).guest('disabled in psql');
    const url = '/api/v1/appointment/centers/findByPin?pin=411001';
    assert.equal((await get(t.app, url, g.token)).status, 200);
    assert.equal((await get(t.app, url, g.token)).status, 200, 'enabled, and now remembered');
    const heard = notices.length;
    // As an operator would in psql: no Careslot code runs, only the trigger of migration 0012.
    await ear.query('update guests set disabled = 1 where id = $1', [g.guestId]);
    await waitFor(() => notices.length > heard, "the trigger's notice");
    assert.deepEqual(notices.slice(heard), ['g']);
    await waitFor(async () => (await get(t.app, url, g.token)).status === 401, 'the token is refused');
    await ear.query('update guests set disabled = 0 where id = $1', [g.guestId]);
    await waitFor(async () => (await get(t.app, url, g.token)).status === 200, 'enabled again');
  });

  it('falls back to READ_CACHE_MS while the listener is down, and is unbounded again once it is back', async () => {
    // ALTER DATABASE … ALLOW_CONNECTIONS runs from another database; the write from this one.
    const adminUrl = new URL(t.url);
    adminUrl.pathname = '/postgres';
    const admin = new pg.Client({ connectionString: adminUrl.toString() });
    const writer = new pg.Client({ connectionString: t.url });
    await admin.connect();
    await writer.connect();
    const db = new URL(t.url).pathname.slice(1);
    try {
      const pid = t.app.changeListener?.pid();
      assert.ok(pid);
      // No new connection may be made meanwhile, so the listener stays down until allowed again.
      await admin.query(`alter database ${db} with allow_connections false`);
      await admin.query('select pg_terminate_backend($1)', [pid]);
      await waitFor(() => availabilityTtl(t.config.readCacheMs) === t.config.readCacheMs, 'the fallback');

      assert.deepEqual(await seats(), ['4', '1']);
      await writer.query('update slots set booked = 0 where id = $1', [centre.slots[1].id]);
      clock += t.config.readCacheMs - 1;
      assert.deepEqual(await seats(), ['4', '1'], 'cached inside the bound');
      clock += 1;
      assert.deepEqual(await seats(), ['4', '3'], 'shown once READ_CACHE_MS has passed');
    } finally {
      await admin.query(`alter database ${db} with allow_connections true`);
      await admin.end();
      await writer.end();
    }
    await waitFor(
      () => availabilityTtl(t.config.readCacheMs) === Number.POSITIVE_INFINITY,
      'the listener reconnects',
      8000,
    );
    const v = placeVersion(placeId);
    const heard = notices.length;
    await bookInAnotherProcess(t.url, centre.slots[1].id);
    await waitFor(() => placeVersion(placeId) !== v, "another process's notice is heard again");
    assert.deepEqual(notices.slice(heard), [`p:${placeId}`]);
  });
});
