// The read caches of issue 11 never show a stale answer in this process, and bound what
// another process changed: within EXTERNAL_WRITES_BOUND_MS (1 ms) on SQLite (PRAGMA data_version),
// once its change notice has arrived on PostgreSQL (LISTEN/NOTIFY; the fallback to
// READ_CACHE_MS while the listener is down is in pg-notify.test.ts). The cache clock is
// replaced: no sleeping.
import { announceAndHear, pastExternalWritesBound } from '../helpers/external-writes.js';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { after, afterEach, before, describe, it } from 'node:test';
import { setGuestDisabled } from '../../src/core/cowin/guests.js';
import { importFacilitySheet } from '../../src/core/cowin/facility-import.js';
import { setCacheClock } from '../../src/core/shared/ttl-cache.js';
import { signToken, verifyToken } from '../../src/core/shared/tokens.js';
import type { TestApp } from '../helpers/app.js';
import { isPostgresRun } from '../helpers/db.js';
import { openStore } from '../../src/store/index.js';
import { createBeneficiary, createGuest, type TestCentre } from './appointment-fixtures.js';
import { beneficiaryToken, get, post } from './api-helpers.js';
import { Client } from './helpers.js';
import { row, sheet } from './sheets.js';
import { cacheFixture, type CacheFixture, seatsShown } from './cache-fixture.js';

describe('CoWIN read caches', () => {
  let t: TestApp;
  let guest: string;
  let centre: TestCentre;
  let clock = 1_000_000;
  let fixture: CacheFixture;
  before(async () => {
    fixture = await cacheFixture(() => clock);
    ({ t, guest, centre } = fixture);
  });
  afterEach(() => {
    clock += 60_000;
  });
  after(async () => {
    setCacheClock(undefined);
    await t.close();
  });

  const seats = () => seatsShown(fixture);

  it('shows a booking and its cancellation at once in this process', async () => {
    const guestId = await createGuest(t.store);
    const b = await createBeneficiary(t.store, guestId, '9000000071', 1980);
    const token = await beneficiaryToken(t.config, '9000000071', guestId);
    assert.deepEqual(await seats(), ['5', '3']);
    assert.deepEqual(await seats(), ['5', '3'], 'served from the cache');
    const booked = await post(
      t.app,
      '/api/v1/appointment/scheduleAppointment',
      { center_id: centre.id, date: centre.slots[0].date, slot_id: centre.slots[0].id, beneficiaries: [b.referenceId] },
      token,
    );
    assert.equal(booked.status, 200, JSON.stringify(booked.body));
    assert.deepEqual(await seats(), ['4', '3'], 'the booking shows at once, within the time to live');
    const cancelled = await post(
      t.app,
      '/api/v1/appointment/cancel',
      { appointment_confirmation_no: String(booked.body.appointment_confirmation_no), beneficiaries: [b.referenceId] },
      token,
    );
    assert.equal(cancelled.status, 200);
    assert.deepEqual(await seats(), ['5', '3'], 'the cancellation shows at once');
  });

  it('shows the centres of an import at once in this process', async () => {
    const pin = '411041';
    const url = `/api/v1/appointment/centers/findByPin?pin=${pin}`;
    const names = async () =>
      (await get(t.app, url, guest)).body.centers.map((c: { name: string }) => c.name).sort() as string[];
    const before = await names();
    assert.ok(!before.includes('Cache Test Hospital'));
    await importFacilitySheet(
      t.store,
      Readable.from([Buffer.from(sheet([row({ pincode: pin, name: 'Cache Test Hospital' })]))]),
      {
        operatorId: null,
        role: 'admin',
      },
    );
    assert.ok((await names()).includes('Cache Test Hospital'), 'the new centre is listed at once');
  });

  it("shows another process's change within EXTERNAL_WRITES_BOUND_MS on SQLite (data_version), once its notice arrives on PostgreSQL", async () => {
    assert.deepEqual(await seats(), ['5', '3']);
    // Another process: its own connection to the same database; this process's versions never hear of it.
    const other = openStore(t.url);
    try {
      await other.db.updateTable('slots').set({ booked: 2 }).where('id', '=', centre.slots[1].id).execute();
      await pastExternalWritesBound();
      if (isPostgresRun()) {
        // The raw write announced nothing: while the listener is connected, no time to live
        // ends the entry; the notice another Careslot process sends at its commit does.
        clock += t.config.readCacheMs * 10;
        assert.deepEqual(await seats(), ['5', '3'], 'still the cached answer: nothing was announced');
        await announceAndHear(other.db, 'c');
      }
      assert.deepEqual(await seats(), ['5', '1'], 'the change shows');
      await other.db.updateTable('slots').set({ booked: 0 }).where('id', '=', centre.slots[1].id).execute();
      clock += t.config.readCacheMs;
      if (isPostgresRun()) await announceAndHear(other.db, 'c');
      assert.deepEqual(await seats(), ['5', '3']);
    } finally {
      await other.close();
    }
  });

  it('on SQLite, an answer nothing changed stays cached past READ_CACHE_MS', async () => {
    if (isPostgresRun()) return;
    assert.deepEqual(await seats(), ['5', '3']);
    // A write this process's versions do not see, on its own connection (so not another process
    // either): only a cache that outlived READ_CACHE_MS still answers 3.
    await t.store.db.updateTable('slots').set({ booked: 2 }).where('id', '=', centre.slots[1].id).execute();
    clock += t.config.readCacheMs * 10;
    assert.deepEqual(
      await seats(),
      ['5', '3'],
      'served from the cache: no time to live while other processes are watched',
    );
    await t.store.db.updateTable('slots').set({ booked: 0 }).where('id', '=', centre.slots[1].id).execute();
  });

  it('refuses a guest disabled by another process once past the 1 ms bound, and by this one at once', async () => {
    const g = await new Client(t).guest('cache test');
    const url = '/api/v1/appointment/centers/findByPin?pin=411001';
    assert.equal((await get(t.app, url, g.token)).status, 200);
    assert.equal((await get(t.app, url, g.token)).status, 200, 'enabled, and now remembered');
    const other = openStore(t.url);
    try {
      await other.db.updateTable('guests').set({ disabled: 1 }).where('id', '=', g.guestId).execute();
      // PostgreSQL: what setGuestDisabled in another process announces at its commit.
      if (isPostgresRun()) await announceAndHear(other.db, 'g');
    } finally {
      await other.close();
    }
    await pastExternalWritesBound();
    assert.equal((await get(t.app, url, g.token)).status, 401, "another process's change shows once past the bound");
    await setGuestDisabled(t.store.db, g.userName, false);
    assert.equal((await get(t.app, url, g.token)).status, 200, "this process's change shows at once");
    await setGuestDisabled(t.store.db, g.userName, true);
    assert.equal((await get(t.app, url, g.token)).status, 401);
    await setGuestDisabled(t.store.db, g.userName, false);
  });

  it('refuses an expired token that verified before, and a tampered one', async () => {
    const issued = new Date('2030-01-01T00:00:00Z');
    const token = await signToken(t.config.secret, { kind: 'guest', sub: '1' }, 60, issued);
    assert.ok((await verifyToken(t.config.secret, token, ['guest'], issued)).ok, 'verified (and cached)');
    const late = new Date(issued.getTime() + 60_000);
    assert.deepEqual(await verifyToken(t.config.secret, token, ['guest'], late), { ok: false, reason: 'expired' });
    assert.deepEqual(await verifyToken(t.config.secret, token, ['operator'], issued), {
      ok: false,
      reason: 'invalid',
    });
    const [h, p, s] = token.split('.');
    const claims = JSON.parse(Buffer.from(p, 'base64url').toString());
    const forged = `${h}.${Buffer.from(JSON.stringify({ ...claims, sub: '2' })).toString('base64url')}.${s}`;
    assert.equal((await verifyToken(t.config.secret, forged, ['guest'], issued)).ok, false);
    const flipped = `${h}.${p}.${s.slice(0, -2)}${s.endsWith('AA') ? 'BA' : 'AA'}`;
    assert.equal((await verifyToken(t.config.secret, flipped, ['guest'], issued)).ok, false);
    assert.equal((await verifyToken('another-secret-0123456789abcdef0123456789', token, ['guest'], issued)).ok, false);
  });
});
