// The SQLite connection's prepared statements: kept by SQL text, and their rows built in
// JavaScript from arrays.
//
// Kysely prepares every statement again on each call; better-sqlite3 statements are reusable,
// so they are kept by SQL text. The set of distinct statements an app issues is small and fixed.
//
// better-sqlite3 on Node 20 builds each row object in C++, one property at a time, turning each
// column's name into a V8 string again for every row: a 16-column row cost 11 µs, against 6 µs
// for the same row fetched as an array (`raw` mode) and given its names by a function compiled
// once per statement (measured in docs/performance.md, issue 11's twenty-fifth pass). Kysely and
// ./direct-sqlite.ts only call `reader`, `all`, `iterate` and `run`, which is all a kept statement
// offers. The rows are the same plain objects, with the same keys in the same order.
//
// A statement's columns can change with the schema (`select *` after ALTER TABLE): a CREATE,
// ALTER or DROP is never kept and forgets every statement kept before it, and a row whose length
// is not the statement's column count has its names taken again.
import type Database from 'better-sqlite3';

/** What Kysely's SQLite driver and ./direct-sqlite.ts call on a statement. */
export interface KeptStatement {
  readonly reader: boolean;
  all(parameters: readonly unknown[]): unknown[];
  iterate(parameters: readonly unknown[]): IterableIterator<unknown>;
  run(parameters: readonly unknown[]): Database.RunResult;
}

/** Keep at most this many statements; past it the cache starts again (a runaway, not our apps). */
const MAX_KEPT = 2000;
const SCHEMA_CHANGE = /^\s*(create|alter|drop)\b/i;

type Build = (row: unknown[]) => Record<string, unknown>;

/**
 * A function that makes `{ [names[i]]: row[i] }`: an object literal compiled once (one shape for
 * every row). A column named `__proto__` is a literal's special prototype form, not a key, so
 * such a statement's rows are assigned column by column, exactly as better-sqlite3 assigns them.
 */
function builderOf(names: readonly string[]): Build {
  if (names.includes('__proto__'))
    return (row) => {
      const o: Record<string, unknown> = {};
      for (let i = 0; i < names.length; i++) o[names[i]] = row[i];
      return o;
    };
  const fields = names.map((n, i) => `${JSON.stringify(n)}: row[${i}]`).join(', ');
  return new Function('row', `return { ${fields} };`) as Build;
}

const namesOf = (stmt: Database.Statement) => stmt.columns().map((c) => c.name);

class Rows implements KeptStatement {
  readonly reader = true;

  constructor(
    private readonly stmt: Database.Statement,
    private build: Build,
    private width: number,
  ) {}

  private object(row: unknown[]): Record<string, unknown> {
    if (row.length !== this.width) {
      const names = namesOf(this.stmt);
      this.build = builderOf(names);
      this.width = names.length;
    }
    return this.build(row);
  }

  all(parameters: readonly unknown[]): unknown[] {
    const rows = this.stmt.all(parameters) as unknown[][];
    const out: unknown[] = new Array(rows.length);
    for (let i = 0; i < rows.length; i++) out[i] = this.object(rows[i]);
    return out;
  }

  *iterate(parameters: readonly unknown[]): IterableIterator<unknown> {
    for (const row of this.stmt.iterate(parameters) as IterableIterator<unknown[]>) yield this.object(row);
  }

  run(parameters: readonly unknown[]): Database.RunResult {
    return this.stmt.run(parameters);
  }
}

/** A statement for `source`, prepared once and kept. */
export function statementCache(db: Database.Database): (source: string) => KeptStatement {
  const cache = new Map<string, KeptStatement>();
  return (source) => {
    let kept = cache.get(source);
    if (kept) return kept;
    const stmt = db.prepare(source);
    // A schema change is not kept (it runs once), and forgets the statements kept before it.
    if (SCHEMA_CHANGE.test(source)) {
      cache.clear();
      return stmt as unknown as KeptStatement;
    }
    if (stmt.reader) {
      const names = namesOf(stmt);
      kept = new Rows(stmt.raw(true), builderOf(names), names.length);
    } else kept = stmt as unknown as KeptStatement;
    if (cache.size >= MAX_KEPT) cache.clear();
    cache.set(source, kept);
    return kept;
  };
}
