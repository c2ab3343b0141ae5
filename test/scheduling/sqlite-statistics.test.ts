// The planner's statistics on SQLite (store/sqlite.ts, dropStat4Samples): ANALYZE keeps its row
// counts per index (sqlite_stat1) but no STAT4 samples, with which SQLite would prepare every
// statement that compares a bound value with an indexed column again on each execution. A
// database whose samples came from an ANALYZE run by hand loses them when it is opened.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { sql } from 'kysely';
import { openStore } from '../../src/store/index.js';
import { isPostgresRun } from '../helpers/db.js';

const skip = isPostgresRun() ? 'SQLite only: PostgreSQL plans a prepared statement without re-preparing it' : false;

function count(file: string, table: string): number {
  const db = new Database(file, { readonly: true });
  try {
    return (db.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n;
  } finally {
    db.close();
  }
}

describe('SQLite planner statistics', { skip }, () => {
  it('ANALYZE through the store keeps the row counts and drops the samples; opening drops samples left by hand', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'careslot-stats-'));
    const file = join(dir, 'db.sqlite');
    try {
      const store = openStore(`sqlite:${file}`);
      await sql`create table t (id integer primary key, k integer not null, v text)`.execute(store.db);
      await sql`create index t_k on t (k)`.execute(store.db);
      await store.tx(async (trx) => {
        for (let i = 0; i < 500; i++) await sql`insert into t (k, v) values (${i % 7}, ${'x'})`.execute(trx);
      });
      await store.analyze();
      await store.close();
      assert.ok(count(file, 'sqlite_stat1') > 0, 'the row counts per index are kept');
      assert.equal(count(file, 'sqlite_stat4'), 0, 'no samples after the store analyzed');

      // An ANALYZE by hand (sqlite3 on the file) writes samples again.
      const byHand = new Database(file);
      byHand.exec('analyze');
      byHand.close();
      assert.ok(count(file, 'sqlite_stat4') > 0, 'the hand-run ANALYZE wrote samples');
      const reopened = openStore(`sqlite:${file}`);
      const { rows } = await sql<{ n: number }>`select count(*) as n from t where k = ${3}`.execute(reopened.db);
      assert.equal(Number(rows[0].n), 71, 'the database reads as before');
      await reopened.close();
      assert.equal(count(file, 'sqlite_stat4'), 0, 'opening dropped them');
      assert.ok(count(file, 'sqlite_stat1') > 0, 'and kept the row counts');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
