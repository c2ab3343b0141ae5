// Queries built and compiled by Kysely once, then run with new parameters.
//
// Kysely rebuilds and recompiles a query on every call (immutable nodes, a visitor over them):
// on the write paths that costs more CPU than SQLite takes to run the statement, and SQLite
// has one connection, so it is time every other request waits. `prepared()` builds the query
// once per database (per dialect adapter), with named placeholders where the values go, keeps
// the compiled SQL, and on each call only fills in the parameters. The SQL text is exactly what
// the builder produces, so the SQLite driver's statement cache reuses its prepared statement.
//
// Rules for the builder function: every value that varies must come from `p` (anything else
// is baked into the SQL), and its shape must not depend on the values (an array parameter
// gets one compiled form per length).
//
// On SQLite, a query run inside the transaction that group commit holds open goes straight to
// the connection (./direct-sqlite.ts), skipping Kysely's executor. On PostgreSQL, the compiled
// text is sent as a named prepared statement (./pg-named.ts), so the server parses it once per
// connection.
import {
  type Compilable,
  CompiledQuery,
  type Insertable,
  PostgresAdapter,
  type QueryResult,
  type Selectable,
} from 'kysely';
import type { DialectName } from './dialect.js';
import { directRun } from './direct-sqlite.js';
import { sendNamed } from './pg-named.js';
import type { Conn, Db } from './index.js';
import type { Database } from './schema.js';

/** A placeholder for a parameter, as a value the builder passes through untouched. */
class Param {
  constructor(
    readonly name: string,
    readonly index: number | null,
  ) {}
}

interface Compiled {
  sql: string;
  slots: (Param | { constant: unknown })[];
}

// biome-ignore lint/suspicious/noExplicitAny: parameters of any type
type Params = Record<string, any>;

export type PreparedQuery<P extends Params, R> = (conn: Conn, params: P) => Promise<QueryResult<R>>;

export function dialectOf(conn: Conn): DialectName {
  return conn.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
}

/**
 * A query compiled once per database and shape. `build(db, p, dialect)` receives placeholders
 * in `p` (typed as the real values) and returns the query; the result runs it on `conn` (a
 * database or an open transaction) with `params`.
 */
export function prepared<P extends Params, R>(
  build: (db: Db, p: P, dialect: DialectName) => Compilable<R>,
): PreparedQuery<P, R> {
  const cache = new WeakMap<object, Map<string, Compiled>>();
  return async (conn, params) => {
    const adapter = conn.getExecutor().adapter;
    let byShape = cache.get(adapter);
    if (!byShape) {
      byShape = new Map();
      cache.set(adapter, byShape);
    }
    let shape = '';
    for (const k in params) if (Array.isArray(params[k])) shape += `${k}:${params[k].length},`;
    let c = byShape.get(shape);
    if (!c) {
      const p: Params = {};
      for (const k in params)
        p[k] = Array.isArray(params[k])
          ? params[k].map((_: unknown, i: number) => new Param(k, i))
          : new Param(k, null);
      const dialect = dialectOf(conn);
      const compiled = build(conn as Db, p as P, dialect).compile();
      if (dialect === 'postgres') sendNamed(compiled.sql);
      c = {
        sql: compiled.sql,
        slots: compiled.parameters.map((v) => (v instanceof Param ? v : { constant: v })),
      };
      byShape.set(shape, c);
    }
    const parameters = c.slots.map((s) =>
      s instanceof Param ? (s.index === null ? params[s.name] : params[s.name][s.index]) : s.constant,
    );
    const run = directRun(conn);
    if (run) return run(c.sql, parameters) as QueryResult<R>;
    return conn.executeQuery(CompiledQuery.raw(c.sql, parameters) as CompiledQuery<R>);
  };
}

/** The tables whose rows have an `id` chosen by the database, as {@link preparedInsert} needs. */
type WithId = { [T in keyof Database]: Database[T] extends { id: unknown } ? T : never }[keyof Database];

/**
 * INSERT one row of `table`, every column given (`row` holds them all, in the table's column
 * order), compiled once; gives back the row as stored: `row` with its new id (PostgreSQL's
 * `RETURNING id`, SQLite's rowid), first. The database keeps each value as it is given when
 * its type is the column's, which the row's types ensure (our columns are text, integers and
 * reals; 64-bit integers come back from PostgreSQL as numbers, ./postgres.ts), and building the
 * whole row again from `RETURNING *` cost a booking's insert on SQLite about 6 µs more in a
 * measurement (docs/performance.md, issue 11's twenty-first pass). A PostgreSQL appointment is given back the same way
 * (core/cowin/appointment-slot.ts). test/store/prepared-insert.test.ts holds each returned row
 * equal to `select *` of it, table by table, on both databases.
 */
export function preparedInsert<T extends WithId>(table: T) {
  type Row = Selectable<Database[T]>;
  const insert = prepared((db, p: Insertable<Database[T]>, dialect) => {
    // biome-ignore lint/suspicious/noExplicitAny: one builder for every table with an id
    const q = (db as any).insertInto(table).values(p);
    // SQLite: every `id` is an INTEGER PRIMARY KEY, i.e. the row's rowid, which the statement
    // gives back (`insertId`) without RETURNING; RETURNING copies its rows through a
    // temporary table first, about 6 µs an insert (docs/performance.md, twenty-fifth pass).
    return dialect === 'sqlite' ? q : q.returning('id');
  });
  return async (conn: Conn, row: Omit<Row, 'id'>): Promise<Row> => {
    const result = await insert(conn, row as Insertable<Database[T]>);
    const id = result.rows.length ? (result.rows[0] as { id: unknown }).id : Number(result.insertId);
    return { id, ...row } as unknown as Row;
  };
}
