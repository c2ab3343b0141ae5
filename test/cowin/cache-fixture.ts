// The setting of the read-cache tests (read-cache.test.ts, pg-notify.test.ts): a test app
// whose cache clock the test moves, a guest token, and a centre with two sessions of 5 and 3
// seats; `seatsShown` is what timeslots/findByCenter answers for them.
import assert from 'node:assert/strict';
import { setCacheClock } from '../../src/core/shared/ttl-cache.js';
import { testApp, type TestApp } from '../helpers/app.js';
import { get } from './api-helpers.js';
import { createCentre, type TestCentre } from './appointment-fixtures.js';
import { Client } from './helpers.js';

export interface CacheFixture {
  t: TestApp;
  guest: string;
  centre: TestCentre;
}

/** Replace the cache clock with `clock` (undo with `setCacheClock(undefined)`), then build the setting. */
export async function cacheFixture(clock: () => number): Promise<CacheFixture> {
  setCacheClock(clock);
  const t = await testApp();
  const guest = await new Client(t).guest().then((g) => g.token);
  const centre = await createCentre(t.store, [5, 3]);
  return { t, guest, centre };
}

/** The free seats timeslots/findByCenter shows for the centre's two sessions, in order. */
export async function seatsShown({ t, guest, centre }: CacheFixture): Promise<string[]> {
  const url = `/api/v1/appointment/timeslots/findByCenter?center_id=${centre.id}&from=${centre.slots[0].date}&to=${centre.slots[1].date}`;
  const res = await get(t.app, url, guest);
  assert.equal(res.status, 200);
  return res.body.timeslots.map((s: { available_capacity: string }) => s.available_capacity);
}
