// The embedded SQLite connection: WAL, foreign keys, busy timeout, temporary storage in memory,
// write transactions that take the write lock up front, and prepared statements kept
// (./sqlite-statements.ts).
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { CompiledQuery, SqliteDialect, SqliteDriver, type DatabaseConnection, type Driver } from 'kysely';
import type { DirectRun } from './direct-sqlite.js';
import { type KeptStatement, statementCache } from './sqlite-statements.js';

/**
 * One statement run as Kysely's SQLite connection runs it (same result shape, same errors),
 * for ./direct-sqlite.ts. `onStatement` hears its SQL after it ran or failed, as Kysely's log does.
 */
function directRunner(prepare: (source: string) => KeptStatement, onStatement?: (sql: string) => void): DirectRun {
  return (sql, parameters) => {
    try {
      const stmt = prepare(sql);
      if (stmt.reader) return { rows: stmt.all(parameters) };
      const { changes, lastInsertRowid } = stmt.run(parameters);
      return { numAffectedRows: BigInt(changes), insertId: BigInt(lastInsertRowid), rows: [] };
    } finally {
      onStatement?.(sql);
    }
  };
}

/**
 * `BEGIN IMMEDIATE`: a deferred transaction that reads and then writes can fail with
 * SQLITE_BUSY when another process wrote in between, and the busy timeout cannot help then.
 * Taking the write lock at BEGIN makes concurrent writers queue on the busy timeout instead.
 */
class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

class ImmediateSqliteDialect extends SqliteDialect {
  constructor(private readonly cfg: ConstructorParameters<typeof SqliteDialect>[0]) {
    super(cfg);
  }
  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.cfg);
  }
}

export function sqliteDialect(
  path: string | null,
  onStatement?: (sql: string) => void,
): { dialect: SqliteDialect; raw: Database.Database; direct: DirectRun } {
  if (path) mkdirSync(dirname(path), { recursive: true });
  const raw = new Database(path ?? ':memory:');
  raw.pragma('journal_mode = WAL');
  raw.pragma('synchronous = NORMAL');
  raw.pragma('foreign_keys = ON');
  raw.pragma('busy_timeout = 10000');
  // Savepoint journals in memory. Group commit runs each transaction of a batch in a savepoint
  // (./group-commit.ts), which copies every page it changes that the batch had already changed.
  // Past 64 KiB SQLite moves that journal to a temporary file, and from then on every copy is
  // a write system call. Kids and video bookings crossed it most; in memory, their CPU per
  // request fell by a fifth to a quarter (docs/performance.md, twelfth pass). It also keeps
  // sorts and temporary tables in memory; ours are bounded (lists are paged, the read model
  // loads places in chunks).
  raw.pragma('temp_store = MEMORY');
  const prepare = statementCache(raw);
  const database = { prepare, close: () => raw.close() };
  return { dialect: new ImmediateSqliteDialect({ database }), raw, direct: directRunner(prepare, onStatement) };
}

/**
 * Keep ANALYZE's row counts per index (sqlite_stat1) but not its STAT4 samples
 * (sqlite_stat4). With samples, SQLite plans each statement with the values bound to it, so
 * it re-prepares a statement whose bound values compare against an indexed column on every
 * execution: 5 µs lookups became 15–25 µs, on every hot statement. Our statements are chosen
 * by their indexes, not by value distributions, so the counts are all the planner needs.
 * Called after ANALYZE and when a database is opened (an ANALYZE run by hand leaves samples);
 * writes nothing when there are none.
 */
export function dropStat4Samples(raw: Database.Database): void {
  const exists = raw.prepare("select 1 from sqlite_master where type = 'table' and name = 'sqlite_stat4'").get();
  if (!exists || !raw.prepare('select 1 from sqlite_stat4 limit 1').get()) return;
  raw.exec('delete from sqlite_stat4');
  // Reload the statistics for this connection (others load them when they next open).
  raw.exec('analyze sqlite_schema');
}
