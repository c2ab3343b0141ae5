// WAL checkpoints from a worker thread (store/checkpointer.ts): the log written by commits is
// copied back by the worker, the automatic checkpoint is only a far-off backstop, and closing
// the store stops the worker.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { sql } from 'kysely';
import Database from 'better-sqlite3';
import { BACKSTOP_PAGES, startCheckpointer } from '../../src/store/checkpointer.js';
import { openAppStore } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { openStore } from '../../src/store/index.js';

describe('background WAL checkpoints (SQLite)', () => {
  it('copies committed pages back from a worker, not in the committing connection', async (t) => {
    if (process.env.DATABASE_URL?.startsWith('postgres')) return t.skip('SQLite only');
    const dir = mkdtempSync(join(tmpdir(), 'careslot-wal-'));
    const store = openStore(`sqlite:${join(dir, 'db.sqlite')}`, { checkpointInBackground: true });
    try {
      assert.ok(store.checkpointer, 'the store runs a checkpointer');
      const auto = await sql<{ wal_autocheckpoint: number }>`pragma wal_autocheckpoint`.execute(store.db);
      assert.equal(auto.rows[0].wal_autocheckpoint, BACKSTOP_PAGES, 'the automatic checkpoint is only a backstop');
      await sql`create table t (id integer primary key, v text)`.execute(store.db);
      for (let i = 0; i < 50; i++)
        await store.tx((trx) => sql`insert into t (v) values (${'x'.repeat(2000)})`.execute(trx));
      const deadline = Date.now() + 10_000;
      while (store.checkpointer!.checkpointed === 0 && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 20));
      assert.ok(store.checkpointer!.checkpointed > 0, 'the worker checkpointed the committed pages');
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('finishes a complete checkpoint of a long log on the event loop, between transactions', async (t) => {
    if (process.env.DATABASE_URL?.startsWith('postgres')) return t.skip('SQLite only');
    const dir = mkdtempSync(join(tmpdir(), 'careslot-wal-'));
    const path = join(dir, 'db.sqlite');
    const raw = new Database(path);
    raw.pragma('journal_mode = WAL');
    raw.pragma('synchronous = NORMAL');
    raw.exec('create table t (id integer primary key, v text)');
    const checkpointer = startCheckpointer(raw, path, { everyMs: 5, restartPages: 16 });
    const insert = raw.prepare('insert into t (v) values (?)');
    const write = raw.transaction(() => {
      for (let i = 0; i < 8; i++) insert.run('x'.repeat(2000));
    });
    const turn = () => new Promise((r) => setImmediate(r));
    const until = async (done: () => boolean) => {
      const deadline = Date.now() + 10_000;
      while (!done() && Date.now() < deadline) await turn();
    };
    let rows = 0;
    try {
      // Commits one after another, as under load: the worker copies the log back, and once it
      // has copied all of a log of 16 pages or more, the event loop checkpoints what is left.
      await until(() => {
        if (checkpointer.restarts > 0) return true;
        write();
        rows += 8;
        return false;
      });
      assert.ok(checkpointer.restarts > 0, 'the event loop finished a complete checkpoint of a long log');

      // A transaction left open across turns (not a group-commit batch): the worker's report
      // arrives, the event loop leaves the log alone (SQLite would refuse a checkpoint inside
      // the transaction), and the transaction commits whole.
      for (let i = 0; i < 4; i++) write();
      rows += 32;
      const restarts = checkpointer.restarts;
      const copied = checkpointer.checkpointed;
      raw.exec('begin immediate');
      insert.run('y');
      await until(() => checkpointer.checkpointed > copied);
      assert.ok(checkpointer.checkpointed > copied, 'the worker copied the log back while the transaction was open');
      assert.equal(checkpointer.restarts, restarts, 'no checkpoint inside the open transaction');
      raw.exec('commit');
      rows += 1;
      assert.equal(raw.prepare('select count(*) from t').pluck().get(), rows);
      assert.equal(raw.pragma('integrity_check', { simple: true }), 'ok');
    } finally {
      await checkpointer.stop();
      raw.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('runs under the server: the store `serve` opens (openAppStore) checkpoints in the background', async (t) => {
    if (process.env.DATABASE_URL?.startsWith('postgres')) return t.skip('SQLite only');
    const dir = mkdtempSync(join(tmpdir(), 'careslot-wal-'));
    const store = openAppStore(loadConfig({ DATABASE_URL: `sqlite:${join(dir, 'db.sqlite')}` }));
    try {
      assert.ok(store.checkpointer, 'the server store runs a checkpointer');
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('is not started unless asked for, nor for an in-memory database', async () => {
    const memory = openStore('sqlite::memory:', { checkpointInBackground: true });
    assert.equal(memory.checkpointer, undefined);
    await memory.close();
  });
});
