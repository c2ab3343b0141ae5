// SQLite's kept statements (store/sqlite-statements.ts) fetch rows as arrays and name their
// columns in JavaScript: every row must be the object better-sqlite3 itself would have made
// (same keys, same order, same values), also after the schema under a kept statement changed.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { statementCache } from '../../src/store/sqlite-statements.js';

describe('SQLite kept statements', () => {
  let db: Database.Database;
  let prepare: ReturnType<typeof statementCache>;
  before(() => {
    db = new Database(':memory:');
    prepare = statementCache(db);
    prepare('create table t (id integer primary key, name text, score real, note blob)').run([]);
    prepare('insert into t (name, score, note) values (?, ?, ?)').run(['a', 1.5, Buffer.from('x')]);
    prepare('insert into t (name, score, note) values (?, ?, ?)').run(['b', null, null]);
  });
  after(() => db.close());

  const plain = (source: string, parameters: unknown[] = []) => db.prepare(source).all(parameters);

  it('gives the rows better-sqlite3 gives, keys in order', () => {
    for (const source of [
      'select * from t order by id',
      'select name, id as "the id", score * 2 as doubled from t where id > ? order by id',
      'select t.id, u.id from t join t as u on u.id = t.id',
    ]) {
      const params = source.includes('?') ? [0] : [];
      const rows = prepare(source).all(params);
      assert.deepStrictEqual(rows, plain(source, params), source);
      assert.deepEqual(
        rows.map((r) => Object.keys(r as object)),
        plain(source, params).map((r) => Object.keys(r as object)),
      );
    }
  });

  it('keeps one statement per SQL text, and iterates as all() does', () => {
    const source = 'select id, name from t order by id';
    assert.equal(prepare(source), prepare(source));
    assert.deepStrictEqual([...prepare(source).iterate([])], prepare(source).all([]));
  });

  it('gives back the rows of RETURNING, and run() what it changed', () => {
    const rows = prepare('insert into t (name) values (?) returning id, name').all(['c']);
    assert.deepStrictEqual(rows, [{ id: 3, name: 'c' }]);
    const result = prepare('update t set score = ? where id = ?').run([2, 3]);
    assert.equal(result.changes, 1);
  });

  it('names the columns again when the schema under a kept statement changes', () => {
    const source = 'select * from t where id = ?';
    assert.deepStrictEqual(Object.keys(prepare(source).all([1])[0] as object), ['id', 'name', 'score', 'note']);
    const kept = prepare(source);
    // Through the cache: the ALTER forgets every kept statement.
    prepare('alter table t add column extra text').run([]);
    prepare('update t set extra = ? where id = ?').run(['e', 1]);
    assert.notEqual(prepare(source), kept);
    const rows = prepare(source).all([1]);
    assert.deepStrictEqual(rows, plain(source, [1]));
    assert.equal((rows[0] as { extra: string }).extra, 'e');
    // Behind its back (another connection, or a raw exec): SQLite prepares the kept statement
    // again, and a row of another width has its names taken again.
    db.exec("alter table t add column later text default 'l'");
    assert.deepStrictEqual(kept.all([1]), plain(source, [1]));
    assert.equal((kept.all([1])[0] as { later: string }).later, 'l');
  });

  it('assigns a column named __proto__ as better-sqlite3 does, never as a key', () => {
    // A number is no prototype: the assignment is ignored, and the row is a plain object.
    const number = 'select 1 as "__proto__", 2 as other';
    const [row] = prepare(number).all([]) as object[];
    assert.equal(Object.getPrototypeOf(row), Object.prototype);
    assert.deepStrictEqual(row, plain(number)[0]);
    assert.deepEqual(Object.keys(row), ['other']);
    // A blob is an object: better-sqlite3 makes it the row's prototype, and so does the cache.
    const blob = 'select x\'00\' as "__proto__", 3 as other';
    const [ours] = prepare(blob).all([]) as object[];
    const [theirs] = plain(blob) as object[];
    assert.deepEqual(Object.getPrototypeOf(ours), Object.getPrototypeOf(theirs));
    assert.ok(Buffer.isBuffer(Object.getPrototypeOf(ours)));
    assert.deepEqual(Object.keys(ours), Object.keys(theirs));
  });
});
