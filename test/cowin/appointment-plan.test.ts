// The active-appointment check of a booking reads the people's rows of booking_people through
// their index on PostgreSQL even before autovacuum has analysed the table (a drive's first
// minutes): with a LIMIT over that read, the planner scanned the whole table on every booking,
// growing with each (docs/performance.md, thirteenth pass).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CompiledQuery, sql } from 'kysely';
import { sessionAndActiveQuery } from '../../src/core/cowin/appointment-slot.js';
import { isPostgresRun, testDb, type TestDb } from '../helpers/db.js';

describe('the active-appointment check on PostgreSQL', { skip: !isPostgresRun() && 'PostgreSQL only' }, () => {
  let t: TestDb;
  before(async () => {
    t = await testDb();
  });
  after(async () => {
    await t?.drop();
  });

  it('reads a booking_people that was never analysed through its person index', async () => {
    const plan = await t.store.tx(async (trx) => {
      // A temporary copy: autovacuum never analyses it, so the planner has no statistics, as on
      // a new database before its first autovacuum.
      await sql`create temp table fresh_people (like booking_people including indexes) on commit drop`.execute(trx);
      await sql`insert into fresh_people select g, g from generate_series(1, 2000) g`.execute(trx);
      const q = sessionAndActiveQuery(
        trx,
        { slotId: 1, centreId: 1, personIds: [1234], at: '2026-01-05T10:00:00.000Z' },
        'postgres',
      ).compile();
      const text = q.sql.replaceAll('"booking_people"', 'fresh_people');
      assert.notEqual(text, q.sql, 'the statement reads booking_people');
      const r = await trx.executeQuery<{ 'QUERY PLAN': string }>(
        CompiledQuery.raw(`explain ${text}`, [...q.parameters]),
      );
      return r.rows.map((x) => x['QUERY PLAN']).join('\n');
    });
    assert.doesNotMatch(plan, /Seq Scan on fresh_people/, plan);
    assert.match(plan, /Index[^\n]* on fresh_people/, plan);
  });
});
