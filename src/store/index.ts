// Opening the database, running migrations, and running transactions.
import { Kysely, type Logger, Migrator, sql, type Transaction } from 'kysely';
import { sqlitePath } from '../config.js';
import { isRetryable, type DialectName } from './dialect.js';
import { type Checkpointer, startCheckpointer } from './checkpointer.js';
import { announceChangesOf, collectNotices, dropNotices, flushNotices } from './change-notices.js';
import { takeCommitHooks } from './commit-hooks.js';
import { runDirectly } from './direct-sqlite.js';
import { type GroupCommitter, groupCommitter } from './group-commit.js';
import { migrations } from './migrations/index.js';
import { type ChangeHearing, type ChangeListener, listenForChanges } from './pg-listener.js';
import { postgresDialect } from './postgres.js';
import type { Database } from './schema.js';
import { dropStat4Samples, sqliteDialect } from './sqlite.js';

export type Db = Kysely<Database>;
export type Tx = Transaction<Database>;
/** A database handle or an open transaction: repository functions take either. */
export type Conn = Db | Tx;

export interface Store {
  db: Db;
  dialect: DialectName;
  /**
   * Run `fn` in one transaction, retried on deadlocks and serialization failures. On SQLite,
   * transactions waiting together share one COMMIT, each in its own savepoint (group-commit.ts).
   */
  tx<T>(fn: (trx: Tx) => Promise<T>): Promise<T>;
  ping(): Promise<void>;
  /** Refresh the query planner's statistics after bulk loads, so it keeps choosing the right indexes. */
  analyze(): Promise<void>;
  /**
   * SQLite only: a number that changes whenever another connection (another process) has
   * committed to the database file since the last call (`PRAGMA data_version`); one
   * synchronous call. PostgreSQL has no such cheap signal: undefined there.
   */
  externalWrites?: () => number;
  /**
   * PostgreSQL only: open one dedicated connection that LISTENs for the change notices every
   * Careslot process sends when it commits (./change-notices.ts, ./pg-listener.ts). The
   * caller closes it.
   */
  listenForChanges?: (hearing: ChangeHearing) => ChangeListener;
  /** SQLite with `checkpointInBackground`: the worker that checkpoints the WAL (./checkpointer.ts). */
  checkpointer?: Checkpointer;
  close(): Promise<void>;
}

export interface StoreOptions {
  poolSize?: number;
  /** SQLite file databases: checkpoint the WAL from a worker thread (the server does). */
  checkpointInBackground?: boolean;
  /**
   * Called with the SQL of every statement the store's connections run (BEGIN, COMMIT and
   * savepoints included), after it ran or failed: tests count the statements of a write.
   */
  onStatement?: (sql: string) => void;
}

export { afterCommit } from './commit-hooks.js';
export { noticeFromStatement, noticeOnCommit } from './change-notices.js';
export type { ChangeHearing, ChangeListener } from './pg-listener.js';

function statementLog({ onStatement }: StoreOptions): Logger | undefined {
  return onStatement ? (event) => onStatement(event.query.sql) : undefined;
}

export function openStore(databaseUrl: string, options: StoreOptions = {}): Store {
  let db: Db;
  let dialect: DialectName;
  let externalWrites: (() => number) | undefined;
  let checkpointer: Checkpointer | undefined;
  let listen: Store['listenForChanges'];
  let sqliteRaw: ReturnType<typeof sqliteDialect>['raw'] | undefined;
  // SQLite: one writer, so concurrent transactions share a commit (./group-commit.ts).
  let grouped: GroupCommitter | undefined;
  if (databaseUrl.startsWith('sqlite:')) {
    const path = sqlitePath(databaseUrl);
    const { dialect: d, raw, direct } = sqliteDialect(path, options.onStatement);
    sqliteRaw = raw;
    dropStat4Samples(raw);
    db = new Kysely<Database>({ dialect: d, log: statementLog(options) });
    runDirectly(db.getExecutor().adapter, direct);
    grouped = groupCommitter(db);
    if (options.checkpointInBackground && path)
      checkpointer = startCheckpointer(raw, path, { holdWrites: grouped.hold });
    dialect = 'sqlite';
    const dataVersion = raw.prepare('pragma data_version').pluck();
    externalWrites = () => (raw.open ? (dataVersion.get() as number) : 0);
  } else {
    const { dialect: d, backends } = postgresDialect(databaseUrl, options.poolSize ?? 10);
    db = new Kysely<Database>({ dialect: d, log: statementLog(options) });
    dialect = 'postgres';
    announceChangesOf(db);
    listen = (hearing) => listenForChanges(databaseUrl, hearing, backends);
  }
  let closed = false;
  return {
    db,
    dialect,
    externalWrites,
    listenForChanges: listen,
    checkpointer,
    async tx<T>(fn: (trx: Tx) => Promise<T>): Promise<T> {
      if (grouped) return grouped(fn);
      for (let attempt = 1; ; attempt++) {
        try {
          let hooks: (() => void)[] | undefined;
          const result = await db.transaction().execute(async (trx) => {
            collectNotices(trx);
            try {
              const value = await fn(trx);
              // Other processes hear of the change only if this transaction commits.
              await flushNotices(trx);
              return value;
            } finally {
              dropNotices(trx);
              hooks = takeCommitHooks(trx);
            }
          });
          if (hooks) for (const hook of hooks) hook();
          return result;
        } catch (err) {
          if (attempt >= 5 || !isRetryable(err)) throw err;
          await new Promise((r) => setTimeout(r, 5 * attempt + Math.random() * 10));
        }
      }
    },
    async ping() {
      await sql`select 1`.execute(db);
    },
    async analyze() {
      await sql`analyze`.execute(db);
      if (sqliteRaw) dropStat4Samples(sqliteRaw);
    },
    async close() {
      if (closed) return;
      closed = true;
      await checkpointer?.stop();
      await db.destroy();
    },
  };
}

export interface MigrationReport {
  applied: string[];
  current: string | null;
}

export async function migrate(store: Store): Promise<MigrationReport> {
  const migrator = new Migrator({
    db: store.db,
    provider: { getMigrations: async () => migrations },
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  const applied = (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
  const names = Object.keys(migrations);
  return { applied, current: names[names.length - 1] ?? null };
}
