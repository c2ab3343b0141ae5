// A video booking reads its doctor and, in the same statement, the slot asked for by its key. On
// PostgreSQL the statement is prepared once and its plan kept; with the slot joined on its
// doctor too, a plan made from statistics gathered while the doctor had few slots looked the
// slot up through (practitioner_id, start_at) and filtered every one of the doctor's slots for
// its id: 13–23 ms a booking with 44,000 slots (docs/performance.md, twenty-ninth pass). The
// slot is now joined by its key alone, which leaves the planner nothing else to choose.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { doctorWithSlotQuery } from '../../src/core/video/doctors.js';
import { isPostgresRun, testDb, type TestDb } from '../helpers/db.js';

/** A parameter as an SQL literal (numbers and strings are all the statement takes). */
const literal = (v: unknown) => (typeof v === 'number' ? String(v) : `'${String(v).replaceAll("'", "''")}'`);

describe("a video booking's doctor and slot on PostgreSQL", { skip: !isPostgresRun() && 'PostgreSQL only' }, () => {
  let t: TestDb;
  before(async () => {
    t = await testDb();
  });
  after(async () => {
    await t?.drop();
  });

  it('reads the slot by its key in the kept plan, though statistics say the doctor has few slots', async () => {
    const doctor = await t.store.db
      .selectFrom('practitioners')
      .select(['id', 'code', 'place_id', 'offering_id'])
      .where('active', '=', 1)
      .orderBy('id')
      .executeTakeFirstOrThrow();
    const plan = await t.store.tx(async (trx) => {
      // A copy of slots analysed while it held only sessions of no doctor (a vaccination drive's),
      // which then gets 20,000 slots of the doctor, unanalysed: as when a doctor's slots are
      // generated after autovacuum's last visit.
      await sql`create temp table fresh_slots (like slots including indexes) on commit drop`.execute(trx);
      const add = (from: number, to: number, practitioner: number | null) =>
        sql`insert into fresh_slots (id, place_id, offering_id, practitioner_id, start_at, end_at, capacity, booked, created_at)
            select g, ${doctor.place_id}, ${doctor.offering_id}, ${practitioner}::integer,
                   to_char(timestamp '2030-01-01' + g * interval '15 minutes', 'YYYY-MM-DD"T"HH24:MI:SS.000"Z"'),
                   to_char(timestamp '2030-01-01' + (g + 1) * interval '15 minutes', 'YYYY-MM-DD"T"HH24:MI:SS.000"Z"'),
                   1, 0, '2029-12-01T00:00:00.000Z'
              from generate_series(${from}::integer, ${to}::integer) g`.execute(trx);
      await add(1, 20_000, null);
      await sql`analyze fresh_slots`.execute(trx);
      await add(20_001, 40_000, doctor.id);
      const q = doctorWithSlotQuery(trx, { code: doctor.code, slotId: 30_000 }).compile();
      const text = q.sql.replaceAll('"slots"', 'fresh_slots');
      assert.notEqual(text, q.sql, 'the statement reads slots');
      await sql`set local plan_cache_mode = force_generic_plan`.execute(trx);
      await sql.raw(`prepare doctor_slot as ${text}`).execute(trx);
      const explained = await sql
        .raw<{ 'QUERY PLAN': string }>(`explain execute doctor_slot(${q.parameters.map(literal).join(', ')})`)
        .execute(trx);
      await sql`deallocate doctor_slot`.execute(trx);
      return explained.rows.map((r) => r['QUERY PLAN']).join('\n');
    });
    assert.match(plan, /Index Scan using fresh_slots_pkey on fresh_slots/, plan);
    assert.doesNotMatch(plan, /Filter: \(id = \$\d+\)/, plan);
  });
});
