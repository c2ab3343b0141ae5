// Statements run directly on SQLite inside group commit's transaction (store/direct-sqlite.ts):
// only the transaction that holds the connection, while it holds it, and with the same
// results and errors as through Kysely.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { directRun } from '../../src/store/direct-sqlite.js';
import { openStore, type Store, type Tx } from '../../src/store/index.js';
import { prepared } from '../../src/store/prepared.js';

const sqliteOnly = process.env.DATABASE_URL?.startsWith('postgres') ? 'SQLite only' : false;

const insert = prepared<{ v: string }, any>((db, p) => (db as any).insertInto('t').values({ v: p.v }));
const insertReturning = prepared<{ v: string }, any>((db, p) =>
  (db as any).insertInto('t').values({ v: p.v }).returning(['id', 'v']),
);
const select = prepared<{ v: string }, any>((db, p) => (db as any).selectFrom('t').select('id').where('v', '=', p.v));

describe('statements run directly inside group commit (SQLite)', { skip: sqliteOnly }, () => {
  let dir: string;
  let store: Store;
  const statements: string[] = [];
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'careslot-direct-'));
    store = openStore(`sqlite:${join(dir, 'db.sqlite')}`, { onStatement: (q) => statements.push(q) });
    await sql`create table t (id integer primary key, v text not null unique)`.execute(store.db);
  });
  after(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('runs only for the transaction holding the connection, and only while it holds it', async () => {
    assert.equal(directRun(store.db), undefined, 'a database handle goes through Kysely');
    let held: Tx | undefined;
    const inside = await store.tx(async (trx) => {
      held = trx;
      return directRun(trx) !== undefined;
    });
    assert.equal(inside, true);
    assert.ok(held);
    assert.equal(directRun(held), undefined, 'a finished transaction no longer runs directly');
  });

  it('gives the results Kysely gives: rows, affected rows and the inserted id', async () => {
    const viaKysely = await insert(store.db, { v: 'k1' });
    statements.length = 0;
    const direct = await store.tx((trx) => insert(trx, { v: 'd1' }));
    assert.deepEqual(
      statements,
      ['begin immediate', 'insert into "t" ("v") values (?)', 'commit'],
      'the store hears the statements run directly too',
    );
    assert.equal(direct.numAffectedRows, 1n);
    assert.equal(direct.insertId, (viaKysely.insertId ?? 0n) + 1n);
    assert.deepEqual(direct.rows, []);
    const returned = await store.tx((trx) => insertReturning(trx, { v: 'd2' }));
    assert.deepEqual(returned.rows, [{ id: Number(direct.insertId) + 1, v: 'd2' }]);
    const found = await store.tx((trx) => select(trx, { v: 'd1' }));
    assert.deepEqual(found.rows, [{ id: Number(direct.insertId) }]);
  });

  it("throws SQLite's own error, and rolls back only the failing transaction of a batch", async () => {
    const run = (v: string) => store.tx((trx) => insert(trx, { v }));
    const [a, dup, b] = await Promise.allSettled([run('e1'), run('d1'), run('e2')]);
    assert.equal(a.status, 'fulfilled');
    assert.equal(b.status, 'fulfilled');
    assert.equal(dup.status, 'rejected');
    assert.equal((dup as PromiseRejectedResult).reason.code, 'SQLITE_CONSTRAINT_UNIQUE');
    const rows = await sql<{ v: string }>`select v from t where v in ('e1', 'e2', 'd1') order by v`.execute(store.db);
    assert.deepEqual(
      rows.rows.map((r) => r.v),
      ['d1', 'e1', 'e2'],
    );
  });
});
