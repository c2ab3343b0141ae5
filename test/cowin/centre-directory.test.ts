// The start-up load of centre listings (core/cowin/centre-directory.ts) must give each
// pincode, block, district and centre exactly what its own query gives.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { centresWhere, warmCentreReads } from '../../src/core/cowin/centre-directory.js';
import { findCentres } from '../../src/core/cowin/centres.js';
import { setCacheClock } from '../../src/core/shared/ttl-cache.js';
import { testDb, type TestDb } from '../helpers/db.js';

describe('centre directory', () => {
  let t: TestDb;
  before(async () => {
    t = await testDb({ seeded: true });
    setCacheClock(() => 0);
  });
  after(async () => {
    setCacheClock(undefined);
    await t.drop();
  });

  it('loads nothing when stopped while reading centres', async () => {
    let turns = 0;
    assert.equal((await warmCentreReads(t.store.db, { chunk: 7, stopped: () => ++turns > 2 })).centres, 0);
  });

  it('loads every centre, and each filter then answers exactly what its query answers', async () => {
    const all = await findCentres(t.store.db, {}, Number.POSITIVE_INFINITY);
    assert.ok(all.length > 20, `the sandbox has centres (${all.length})`);
    // In chunks of 7 centres: the load reads them a chunk per turn and must still order each
    // listing as its query does.
    assert.equal((await warmCentreReads(t.store.db, { chunk: 7 })).centres, all.length);
    const filters = [
      ...[...new Set(all.map((c) => c.pincode))].map((pincode) => ({ pincode: pincode! })),
      ...[...new Set(all.map((c) => c.district_id))].map((districtId) => ({ districtId: districtId! })),
      ...[...new Set(all.map((c) => c.block_id))].map((blockId) => ({ blockId: blockId! })),
      ...all.slice(0, 20).map((c) => ({ ids: [c.id] })),
    ];
    // Rename one centre behind the cache's back: a filter served from the load still shows the old name.
    const renamed = all[0];
    await t.store.db
      .updateTable('places')
      .set({ name: 'Renamed behind the cache' })
      .where('id', '=', renamed.id)
      .execute();
    try {
      for (const f of filters) {
        const cached = await centresWhere(t.store.db, f);
        const queried = await findCentres(t.store.db, f);
        if (queried.some((c) => c.id === renamed.id)) {
          // The query sees the new name (and may order it differently); the load does not.
          assert.ok(
            cached.some((c) => c.id === renamed.id && c.name === renamed.name),
            'served from the load',
          );
          continue;
        }
        assert.deepEqual(
          cached.map((c) => c.id),
          queried.map((c) => c.id),
          JSON.stringify(f),
        );
      }
    } finally {
      await t.store.db.updateTable('places').set({ name: renamed.name }).where('id', '=', renamed.id).execute();
    }
  });
});
