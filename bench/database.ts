// A fresh database for each run: a new SQLite file under .tmp/bench/, or a new database on
// the PostgreSQL server that DATABASE_URL points at (created here, dropped afterwards). Each
// run's name is its own, so two runs at once (or a kept database) never meet.
import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import pg from 'pg';

export interface BenchDatabase {
  url: string;
  kind: 'sqlite' | 'postgres';
  /** What to print: a file path, or the server and database name (no password). */
  label: string;
  drop(): Promise<void>;
}

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

export async function freshDatabase(postgresUrl: string | null): Promise<BenchDatabase> {
  if (!postgresUrl) {
    const dir = resolve('.tmp/bench');
    mkdirSync(dir, { recursive: true });
    const file = resolve(dir, `careslot-bench-${randomBytes(4).toString('hex')}.sqlite`);
    return {
      url: `sqlite:${file}`,
      kind: 'sqlite',
      label: `SQLite ${file}`,
      async drop() {
        for (const f of [file, `${file}-wal`, `${file}-shm`]) rmSync(f, { force: true });
      },
    };
  }
  const name = `careslot_bench_${randomBytes(4).toString('hex')}`;
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
    await admin(`create database ${name}`);
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
  };
}
