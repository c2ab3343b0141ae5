// Real databases for tests: every test file gets its own copy of the seeded template that
// `npm test` prepared (a SQLite file copy, or a PostgreSQL database created from the
// template database). Nothing is mocked.
import { randomBytes } from 'node:crypto';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { loadConfig, type Config } from '../../src/config.js';
import { migrate, openStore, type Store } from '../../src/store/index.js';

/** The secret every test database was seeded with (sandbox credentials derive from it). */
export const TEST_SECRET = 'careslot-test-secret-0123456789abcdef0123456789abcdef';

export function isPostgresRun(): boolean {
  return /^postgres(ql)?:\/\//.test(process.env.DATABASE_URL ?? '');
}

export interface TestDb {
  url: string;
  store: Store;
  config: Config;
  drop(): Promise<void>;
}

function pgAdminUrl(url: string): string {
  const u = new URL(url);
  u.pathname = '/postgres';
  return u.toString();
}

/** A fresh database: `seeded` (default) clones the template; otherwise empty and migrated. */
export async function testDb(
  opts: { seeded?: boolean; env?: Record<string, string>; onStatement?: (sql: string) => void } = {},
): Promise<TestDb> {
  const seeded = opts.seeded ?? true;
  const template = process.env.CARESLOT_TEST_TEMPLATE;
  if (seeded && !template) throw new Error('CARESLOT_TEST_TEMPLATE is not set: run the tests with `npm test`');
  let url: string;
  let cleanup: () => Promise<void>;
  if (isPostgresRun()) {
    const base = process.env.DATABASE_URL!;
    const name = `careslot_t_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: pgAdminUrl(base) });
    await admin.connect();
    try {
      await admin.query(
        seeded ? `create database ${name} template ${new URL(template!).pathname.slice(1)}` : `create database ${name}`,
      );
    } finally {
      await admin.end();
    }
    const u = new URL(base);
    u.pathname = `/${name}`;
    url = u.toString();
    cleanup = async () => {
      const c = new pg.Client({ connectionString: pgAdminUrl(base) });
      await c.connect();
      try {
        await c.query(`drop database if exists ${name} with (force)`);
      } finally {
        await c.end();
      }
    };
  } else {
    const dir = mkdtempSync(join(tmpdir(), 'careslot-test-'));
    const file = join(dir, 'test.sqlite');
    if (seeded) copyFileSync(template!.slice('sqlite:'.length), file);
    url = `sqlite:${file}`;
    cleanup = async () => rmSync(dir, { recursive: true, force: true });
  }
  const config = loadConfig({
    // Rate limits would make tests depend on how many requests came before; their own tests turn them on.
    RATE_LIMIT_PER_IP: '0',
    RATE_LIMIT_PER_ACCOUNT: '0',
    ...opts.env,
    DATABASE_URL: url,
    CARESLOT_SECRET: TEST_SECRET,
    LOG_LEVEL: 'silent',
    PORT: '0',
  });
  const store = openStore(url, { poolSize: 20, onStatement: opts.onStatement });
  await migrate(store);
  return {
    url,
    store,
    config,
    async drop() {
      await store.close();
      await cleanup();
    },
  };
}

/** How many rows `table` holds (tests checking that a write happened once, or not at all). */
export async function rowCount(db: TestDb, table: 'beneficiaries' | 'bookings'): Promise<number> {
  const row = await db.store.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
