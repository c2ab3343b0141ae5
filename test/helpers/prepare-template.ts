// Run once per `npm test`: migrate and seed a small sandbox dataset into a template
// database, and print its URL on the last line of stdout.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { loadConfig } from '../../src/config.js';
import { seedSandbox } from '../../src/sandbox/index.js';
import { migrate, openStore } from '../../src/store/index.js';
import { TEST_SECRET, isPostgresRun } from './db.js';

let url: string;
if (isPostgresRun()) {
  const base = new URL(process.env.DATABASE_URL!);
  const name = `careslot_template_${process.pid}`;
  const adminUrl = new URL(base.toString());
  adminUrl.pathname = '/postgres';
  const admin = new pg.Client({ connectionString: adminUrl.toString() });
  await admin.connect();
  // Old templates from earlier runs are dropped so they don't pile up.
  const old = await admin.query(`select datname from pg_database where datname like 'careslot_t%'`);
  for (const r of old.rows) await admin.query(`drop database if exists ${r.datname} with (force)`);
  await admin.query(`create database ${name}`);
  await admin.end();
  base.pathname = `/${name}`;
  url = base.toString();
} else {
  url = `sqlite:${join(mkdtempSync(join(tmpdir(), 'careslot-template-')), 'template.sqlite')}`;
}
const store = openStore(url, { poolSize: 2 });
await migrate(store);
await seedSandbox(store, loadConfig({ DATABASE_URL: url, CARESLOT_SECRET: TEST_SECRET }), { centres: 150, days: 14 });
if (store.dialect === 'sqlite') {
  const { sql } = await import('kysely');
  await sql`pragma wal_checkpoint(truncate)`.execute(store.db);
}
await store.close();
process.stdout.write(`${url}\n`);
