// Group commit on SQLite (store/group-commit.ts): transactions that wait together share one
// COMMIT, each in its own savepoint. Each caller must still see its own transaction's
// semantics: a failure rolls back only its writes, results arrive only once committed, commit
// hooks run only for the transactions that committed, and order is kept.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { sql } from 'kysely';
import { MAX_BATCH, groupCommitter } from '../../src/store/group-commit.js';
import { afterCommit, openStore, type Store } from '../../src/store/index.js';

const sqliteOnly = process.env.DATABASE_URL?.startsWith('postgres') ? 'SQLite only' : false;

describe('group commit (SQLite)', { skip: sqliteOnly }, () => {
  let dir: string;
  let file: string;
  let store: Store;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'careslot-group-'));
    file = join(dir, 'db.sqlite');
    store = openStore(`sqlite:${file}`);
    await sql`create table t (id integer primary key, v text not null unique)`.execute(store.db);
  });
  after(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const rows = async () =>
    (await sql<{ v: string }>`select v from t order by id`.execute(store.db)).rows.map((r) => r.v);

  it('hold: waits for the batch under way, starts no batch while held, and runs the queue once let go', async () => {
    const committer = groupCommitter(store.db);
    const turns = async (n: number) => {
      for (let i = 0; i < n; i++) await new Promise((r) => setImmediate(r));
    };
    const order: string[] = [];
    let letGo!: () => void;
    const gate = new Promise<void>((r) => {
      letGo = r;
    });
    const first = committer(async (trx) => {
      await sql`insert into t (v) values ('held-1')`.execute(trx);
      await gate;
      order.push('held-1');
    });
    await turns(2); // the batch has started and waits on the gate
    const holding = committer.hold().then((release) => {
      order.push('held');
      return release;
    });
    await turns(5);
    assert.deepEqual([...order], [], 'the hold waits for the batch under way');
    letGo();
    await first;
    const release = await holding;
    assert.deepEqual(order, ['held-1', 'held']);
    const second = committer(async (trx) => {
      await sql`insert into t (v) values ('held-2')`.execute(trx);
      order.push('held-2');
    });
    await turns(5);
    assert.deepEqual(order, ['held-1', 'held'], 'no batch starts while held');
    release();
    release(); // a second call changes nothing
    await second;
    assert.deepEqual(order, ['held-1', 'held', 'held-2']);
    assert.ok((await rows()).includes('held-2'));
    // A batch already scheduled for the next turn when the hold comes does not start either.
    const third = committer(async (trx) => {
      await sql`insert into t (v) values ('held-3')`.execute(trx);
      order.push('held-3');
    });
    const releaseAgain = await committer.hold();
    await turns(5);
    assert.deepEqual(order, ['held-1', 'held', 'held-2'], 'the batch scheduled before the hold waits for it');
    releaseAgain();
    await third;
    assert.deepEqual(order, ['held-1', 'held', 'held-2', 'held-3']);
    await sql`delete from t where v like 'held-%'`.execute(store.db); // the other tests count the table's rows
  });

  it('a failing transaction rolls back only its own writes; the others in its batch commit', async () => {
    const hooks: string[] = [];
    const run = (v: string, fail: boolean) =>
      store.tx(async (trx) => {
        await sql`insert into t (v) values (${v})`.execute(trx);
        afterCommit(trx, () => hooks.push(v));
        if (fail) throw new Error(`refused ${v}`);
        return v;
      });
    const results = await Promise.allSettled([run('a', false), run('b', true), run('c', false)]);
    assert.deepEqual(
      results.map((r) => (r.status === 'fulfilled' ? r.value : (r.reason as Error).message)),
      ['a', 'refused b', 'c'],
    );
    assert.deepEqual(await rows(), ['a', 'c']);
    assert.deepEqual(hooks, ['a', 'c'], 'hooks run for the committed transactions only');
  });

  it('a transaction alone in its batch runs without a savepoint, and is rolled back alone when it fails', async () => {
    const before = await rows();
    const statements: string[] = [];
    const counted = openStore(`sqlite:${file}`, { onStatement: (q) => statements.push(q) });
    try {
      const hooks: string[] = [];
      await assert.rejects(
        counted.tx(async (trx) => {
          await sql`insert into t (v) values ('alone-1')`.execute(trx);
          afterCommit(trx, () => hooks.push('alone-1'));
          throw new Error('refused alone-1');
        }),
        /refused alone-1/,
      );
      assert.deepEqual(await rows(), before, 'its write was rolled back');
      assert.equal(hooks.length, 0, 'no hook for a rollback');
      statements.length = 0;
      assert.equal(
        await counted.tx(async (trx) => {
          await sql`insert into t (v) values ('alone-2')`.execute(trx);
          afterCommit(trx, () => hooks.push('alone-2'));
          return 'ok';
        }),
        'ok',
      );
      assert.deepEqual(hooks, ['alone-2']);
      assert.deepEqual(statements, ['begin immediate', "insert into t (v) values ('alone-2')", 'commit']);
    } finally {
      await counted.close();
    }
    await sql`delete from t where v = 'alone-2'`.execute(store.db);
  });

  it('a statement error (a unique violation) fails only its transaction, and later ones see earlier ones', async () => {
    const seen: number[] = [];
    const results = await Promise.allSettled([
      store.tx(async (trx) => sql`insert into t (v) values ('d')`.execute(trx)),
      store.tx(async (trx) => sql`insert into t (v) values ('a')`.execute(trx)), // 'a' exists: fails
      store.tx(async (trx) => {
        seen.push(Number((await sql<{ n: number }>`select count(*) as n from t`.execute(trx)).rows[0].n));
        await sql`insert into t (v) values ('e')`.execute(trx);
      }),
    ]);
    assert.deepEqual(
      results.map((r) => r.status),
      ['fulfilled', 'rejected', 'fulfilled'],
    );
    assert.match(String((results[1] as PromiseRejectedResult).reason), /UNIQUE/);
    assert.deepEqual(seen, [3], 'the third ran after the first (a, c, d), and the failed one left nothing');
    assert.deepEqual(await rows(), ['a', 'c', 'd', 'e']);
  });

  it('resolves a caller only once its writes are committed: another connection already sees them', async () => {
    const other = new Database(file, { readonly: true });
    try {
      const count = () => (other.prepare('select count(*) as n from t').get() as { n: number }).n;
      const before = count();
      const n = MAX_BATCH * 2 + 5; // more than one batch
      const committedAtResolve: number[] = [];
      await Promise.all(
        Array.from({ length: n }, (_, i) =>
          store
            .tx((trx) => sql`insert into t (v) values (${`bulk-${i}`})`.execute(trx))
            .then(() => committedAtResolve.push(count())),
        ),
      );
      assert.equal(count(), before + n);
      // Each caller, when told, could already read its own row from outside: counts seen at
      // resolve time never fall below the position of the caller in the queue.
      for (const [i, seen] of committedAtResolve.entries())
        assert.ok(seen >= before + i + 1, `caller ${i} saw ${seen}`);
      const order = (await sql<{ v: string }>`select v from t where v like 'bulk-%' order by id`.execute(store.db))
        .rows;
      assert.deepEqual(
        order.map((r) => r.v),
        Array.from({ length: n }, (_, i) => `bulk-${i}`),
        'transactions ran in the order they were asked for',
      );
    } finally {
      other.close();
    }
  });

  it('keeps a savepoint journal past 64 KiB in memory, and still rolls it back', async () => {
    const temp = await sql<{ temp_store: number }>`pragma temp_store`.execute(store.db);
    assert.equal(temp.rows[0].temp_store, 2, 'temp_store = MEMORY');
    await sql`create table big (id integer primary key, v text not null)`.execute(store.db);
    await store.tx(async (trx) => {
      for (let i = 0; i < 40; i++)
        await sql`insert into big (v) select ${'x'.repeat(500)} from (select 1 union all select 2 union all select 3 union all select 4 union all select 5 union all select 6 union all select 7 union all select 8 union all select 9 union all select 10)`.execute(
          trx,
        );
    });
    // SQLite's temporary files are unlinked at once; on Linux they still show among the open files.
    const tempFiles = () =>
      existsSync('/proc/self/fd')
        ? readdirSync('/proc/self/fd').filter((fd) => {
            try {
              return /etilqs_/.test(readlinkSync(`/proc/self/fd/${fd}`));
            } catch {
              return false;
            }
          })
        : [];
    let openInSavepoint: string[] | undefined;
    // Two transactions in one batch: the second's savepoint copies the ~50 pages (200 KiB)
    // the first changed, then fails and is rolled back to its savepoint.
    const results = await Promise.allSettled([
      store.tx((trx) => sql`update big set v = upper(v)`.execute(trx)),
      store.tx(async (trx) => {
        await sql`update big set v = 'lost'`.execute(trx);
        openInSavepoint = tempFiles();
        throw new Error('refused');
      }),
    ]);
    assert.deepEqual(
      results.map((r) => r.status),
      ['fulfilled', 'rejected'],
    );
    assert.deepEqual(openInSavepoint, [], 'no temporary file was opened for the journal');
    const vs = await sql<{ v: string; n: number }>`select v, count(*) as n from big group by v`.execute(store.db);
    assert.deepEqual(vs.rows, [{ v: 'X'.repeat(500), n: 400 }], "the first's writes committed, the second's none");
  });
});
