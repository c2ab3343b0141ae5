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

  it('holds the writes while the worker copies the rest of a long log, then lets them go', async (t) => {
    if (process.env.DATABASE_URL?.startsWith('postgres')) return t.skip('SQLite only');
    const dir = mkdtempSync(join(tmpdir(), 'careslot-wal-'));
    const path = join(dir, 'db.sqlite');
    const raw = new Database(path);
    raw.pragma('journal_mode = WAL');
    raw.pragma('synchronous = NORMAL');
    raw.exec('create table t (id integer primary key, v text)');
    // As group commit's `hold` does: no write starts while held.
    let held = false;
    let holds = 0;
    const holdWrites = async () => {
      held = true;
      holds++;
      return () => {
        held = false;
      };
    };
    const checkpointer = startCheckpointer(raw, path, { everyMs: 5, restartPages: 16, holdWrites });
    const insert = raw.prepare('insert into t (v) values (?)');
    const write = raw.transaction(() => {
      for (let i = 0; i < 8; i++) insert.run('x'.repeat(2000));
    });
    let rows = 0;
    try {
      // Commits one after another, as under load: once the worker has copied all of a log of
      // 16 pages or more, the writes are held while it copies what was committed since.
      const deadline = Date.now() + 10_000;
      while (checkpointer.restarts === 0 && Date.now() < deadline) {
        if (!held) {
          write();
          rows += 8;
        }
        await new Promise((r) => setImmediate(r));
      }
      assert.ok(checkpointer.restarts > 0, 'the worker copied the whole log while the writes were held');
      assert.ok(holds >= checkpointer.restarts);
      assert.equal(held, false, 'the writes were let go');
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
