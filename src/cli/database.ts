// serve, migrate, seed.
import { loadConfig } from '../config.js';
import { seedSandbox } from '../sandbox/index.js';
import { serve as serveHttp } from '../server.js';
import { migrate as migrateStore, openStore } from '../store/index.js';
import { output, parse, withStore, type Run } from './context.js';

export const serve: Run = async (argv, usage) => {
  parse(argv, {}, usage);
  await serveHttp(loadConfig());
};

export const migrate: Run = async (argv, usage) => {
  const { values } = parse(argv, {}, usage);
  const config = loadConfig();
  const store = openStore(config.databaseUrl, { poolSize: 2 });
  try {
    const report = await migrateStore(store);
    output(
      values.json,
      { applied: report.applied, current: report.current },
      report.applied.length ? `applied: ${report.applied.join(', ')}` : `up to date (${report.current})`,
    );
  } finally {
    await store.close();
  }
};

export const seed: Run = async (argv, usage) => {
  const { values } = parse(argv, { centres: { type: 'string' }, days: { type: 'string' } }, usage);
  const centres = values.centres === undefined ? undefined : Number(values.centres);
  const days = values.days === undefined ? undefined : Number(values.days);
  for (const [name, v] of [
    ['--centres', centres],
    ['--days', days],
  ] as const) {
    if (v !== undefined && (!Number.isInteger(v) || v < 0)) throw new Error(`${name} must be a whole number`);
  }
  await withStore(async (store, config) => {
    const summary = await seedSandbox(store, config, { centres, days });
    output(
      values.json,
      { ...summary },
      summary.seeded
        ? `sandbox loaded in ${summary.ms} ms: ${summary.geography?.pincodes} pincodes, ${summary.vaccination?.centres} centres, ${summary.vaccination?.slots} sessions, ${summary.kids?.providers} kids providers, ${summary.video?.doctors} doctors`
        : 'the database already holds data; nothing loaded',
    );
  });
};
