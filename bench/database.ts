// A fresh database for each run: a new SQLite file under .tmp/bench/, or a new database on
// the PostgreSQL server that DATABASE_URL points at (created here, dropped afterwards). Each
// run's name is its own, so two runs at once (or a kept database) never meet.
import { randomBytes } from 'node:crypto';
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';

export interface BenchDatabase {
  url: string;
  kind: 'sqlite' | 'postgres';
  /** What to print: a file path, or the server and database name (no password). */
  label: string;
  drop(): Promise<void>;
  /**
   * A second database with the same rows, for `--against` (./paired.ts). SQLite: the file
   * copied byte for byte once its log is checkpointed into it (the same pages in the same
   * places; VACUUM INTO would lay them out afresh). PostgreSQL: CREATE DATABASE … TEMPLATE,
   * which needs every connection to this database closed first.
   */
  copy(): Promise<BenchDatabase>;
}

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

function sqliteFile(file: string): BenchDatabase {
  return {
    url: `sqlite:${file}`,
    kind: 'sqlite',
    label: `SQLite ${file}`,
    async drop() {
      for (const f of [file, `${file}-wal`, `${file}-shm`]) rmSync(f, { force: true });
    },
    async copy() {
      const raw = new Database(file);
      try {
        const [r] = raw.pragma('wal_checkpoint(TRUNCATE)') as { busy: number }[];
        if (r.busy) throw new Error('the bench database is busy: cannot copy it');
        const to = file.replace(/\.sqlite$/, '-against.sqlite');
        copyFileSync(file, to);
        return sqliteFile(to);
      } finally {
        raw.close();
      }
    },
  };
}

export async function freshDatabase(postgresUrl: string | null): Promise<BenchDatabase> {
  if (!postgresUrl) {
    const dir = resolve('.tmp/bench');
    mkdirSync(dir, { recursive: true });
    return sqliteFile(resolve(dir, `careslot-bench-${randomBytes(4).toString('hex')}.sqlite`));
  }
  return postgresDatabase(postgresUrl, `careslot_bench_${randomBytes(4).toString('hex')}`);
}

async function postgresDatabase(postgresUrl: string, name: string, template?: string): Promise<BenchDatabase> {
  const admin = async (q: string) => {
    const c = new pg.Client({ connectionString: withDatabase(postgresUrl, 'postgres') });
    await c.connect();
    try {
      await c.query(q);
    } finally {
      await c.end();
    }
  };
  try {
    await admin(`create database ${name}${template ? ` template ${template}` : ''}`);
  } catch (err) {
    throw new Error(
      `could not create a fresh database on the PostgreSQL server of DATABASE_URL (the bench needs CREATEDB): ${(err as Error).message}`,
    );
  }
  const u = new URL(postgresUrl);
  return {
    url: withDatabase(postgresUrl, name),
    kind: 'postgres',
    label: `PostgreSQL ${u.hostname}:${u.port || 5432}/${name}`,
    async drop() {
      await admin(`drop database if exists ${name} with (force)`);
    },
    copy: () => postgresDatabase(postgresUrl, `${name}_against`, name),
  };
}
