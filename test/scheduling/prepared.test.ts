// Queries compiled once (src/store/prepared.ts) must run exactly like the builder's own:
// fresh parameters every call, one compiled form per list length, inside transactions too.
// On PostgreSQL they are named prepared statements of the connection (src/store/pg-named.ts).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { prepared } from '../../src/store/prepared.js';
import { isPostgresRun, testDb, type TestDb } from '../helpers/db.js';

describe('prepared queries', () => {
  let t: TestDb;
  before(async () => {
    t = await testDb({ seeded: false });
  });
  after(async () => {
    await t.drop();
  });

  const insert = prepared((db, p: { name: string; mobile: string | null; created_at: string }) =>
    db
      .insertInto('people')
      .values({
        name: p.name,
        mobile: p.mobile,
        birth_date: null,
        birth_year: 1990,
        gender: null,
        created_at: p.created_at,
      })
      .returning(['id', 'name', 'mobile', 'birth_year']),
  );
  const byIds = prepared((db, p: { ids: number[] }) =>
    db.selectFrom('people').select(['id', 'name']).where('id', 'in', p.ids).orderBy('id'),
  );

  it('runs with each call’s own parameters and keeps constants of the builder', async () => {
    const at = new Date().toISOString();
    const a = (await insert(t.store.db, { name: 'Asha', mobile: '9000000001', created_at: at })).rows[0];
    const b = (await insert(t.store.db, { name: 'Bala', mobile: null, created_at: at })).rows[0];
    assert.deepEqual([a.name, a.mobile, a.birth_year], ['Asha', '9000000001', 1990]);
    assert.deepEqual([b.name, b.mobile, b.birth_year], ['Bala', null, 1990]);
    assert.deepEqual(
      (await byIds(t.store.db, { ids: [b.id] })).rows.map((r) => r.name),
      ['Bala'],
    );
    assert.deepEqual(
      (await byIds(t.store.db, { ids: [a.id, b.id] })).rows.map((r) => r.name),
      ['Asha', 'Bala'],
    );
    assert.deepEqual(
      (await byIds(t.store.db, { ids: [a.id] })).rows.map((r) => r.name),
      ['Asha'],
    );
  });

  it('runs inside a transaction and rolls back with it', async () => {
    const at = new Date().toISOString();
    let id = 0;
    await assert.rejects(
      t.store.tx(async (trx) => {
        id = (await insert(trx, { name: 'Chitra', mobile: null, created_at: at })).rows[0].id;
        assert.equal((await byIds(trx, { ids: [id] })).rows.length, 1);
        throw new Error('roll back');
      }),
      /roll back/,
    );
    assert.equal((await byIds(t.store.db, { ids: [id] })).rows.length, 0);
  });

  it('is a statement PostgreSQL keeps prepared on the connection, unlike a query built each time', {
    skip: !isPostgresRun() && 'PostgreSQL only',
  }, async () => {
    const at = new Date().toISOString();
    const kept = await t.store.tx(async (trx) => {
      // One transaction: one connection, whose prepared statements pg_prepared_statements lists.
      for (const name of ['Devi', 'Esha']) await insert(trx, { name, mobile: null, created_at: at });
      await trx.selectFrom('people').select('id').where('name', '=', 'Devi').execute();
      const { rows } = await sql<{ name: string; statement: string }>`
        select name, statement from pg_prepared_statements`.execute(trx);
      return rows;
    });
    const ours = kept.filter((r) => r.name.startsWith('careslot_'));
    assert.equal(ours.filter((r) => r.statement.startsWith('insert into "people"')).length, 1, 'prepared once');
    assert.equal(ours.filter((r) => r.statement.startsWith('select "id" from "people"')).length, 0);
    const names = (await t.store.db.selectFrom('people').select('name').where('created_at', '=', at).execute()).map(
      (r) => r.name,
    );
    assert.deepEqual(names.sort(), ['Devi', 'Esha']);
  });
});
