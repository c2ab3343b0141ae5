// serve, migrate, seed.
import { loadConfig } from '../config.js';
import { seedSandbox } from '../sandbox/index.js';
import { serve } from '../server.js';
import { migrate, openStore } from '../store/index.js';
import { output, parse, withStore, type Command } from './context.js';

export const serveCommand: Command = {
  name: 'serve', usage: 'serve', summary: 'Run the HTTP server (migrates; loads the sandbox on an empty database in sandbox mode)',
  async run(argv) {
    parse(argv, {}, this.usage);
    await serve(loadConfig());
  },
};

export const migrateCommand: Command = {
  name: 'migrate', usage: 'migrate [--json]', summary: 'Apply pending database migrations',
  async run(argv) {
    const { values } = parse(argv, {}, this.usage);
    const config = loadConfig();
    const store = openStore(config.databaseUrl, { poolSize: 2 });
    try {
      const report = await migrate(store);
      output(values.json, { applied: report.applied, current: report.current },
        report.applied.length ? `applied: ${report.applied.join(', ')}` : `up to date (${report.current})`);
    } finally {
      await store.close();
    }
  },
};

export const seedCommand: Command = {
  name: 'seed', usage: 'seed [--centres N] [--days N] [--json]', summary: 'Load the sandbox dataset into an empty database',
  async run(argv) {
    const { values } = parse(argv, { centres: { type: 'string' }, days: { type: 'string' } }, this.usage);
    const centres = values.centres === undefined ? undefined : Number(values.centres);
    const days = values.days === undefined ? undefined : Number(values.days);
    for (const [name, v] of [['--centres', centres], ['--days', days]] as const) {
      if (v !== undefined && (!Number.isInteger(v) || v < 0)) throw new Error(`${name} must be a whole number`);
    }
    await withStore(async (store, config) => {
      const summary = await seedSandbox(store, config, { centres, days });
      output(values.json, { ...summary }, summary.seeded
        ? `sandbox loaded in ${summary.ms} ms: ${summary.geography?.pincodes} pincodes, ${summary.vaccination?.centres} centres, ${summary.vaccination?.slots} sessions, ${summary.kids?.providers} kids providers, ${summary.video?.doctors} doctors`
        : 'the database already holds data; nothing loaded');
    });
  },
};
