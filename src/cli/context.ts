// What every CLI command gets: parsed options, the config, a store, and output helpers that
// honour --json (exactly one JSON object on stdout). Kept light: `careslot sign` and `--help`
// load this file, so the database layer is imported only when a command opens a store.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { loadConfig, type Config } from '../config.js';
import type { Store } from '../store/index.js';

export class UsageError extends Error {}

/** A command's implementation, given its arguments (after the command's name) and its usage line. */
// biome-ignore lint/suspicious/noConfusingVoidType: a command that prints nothing special returns nothing
export type Run = (argv: string[], usage: string) => Promise<number | void>;

export function parse<T extends NonNullable<ParseArgsConfig['options']>>(argv: string[], options: T, usage: string) {
  try {
    return parseArgs({
      args: argv,
      options: { ...options, json: { type: 'boolean' } },
      allowPositionals: true,
      strict: true,
    });
  } catch (err) {
    throw new UsageError(`${(err as Error).message}\nusage: careslot ${usage}`);
  }
}

/** Run `fn` with a migrated store for the configured database, closing it afterwards. */
export async function withStore<T>(fn: (store: Store, config: Config) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const { migrate, openStore } = await import('../store/index.js');
  const store = openStore(config.databaseUrl, { poolSize: 2 });
  try {
    await migrate(store);
    return await fn(store, config);
  } finally {
    await store.close();
  }
}

/** Print a result: as one JSON object with --json, else as aligned `key  value` lines. */
export function output(json: boolean | undefined, result: Record<string, unknown>, text?: string): void {
  if (json) {
    process.stdout.write(`${JSON.stringify(result)}\n`);
    return;
  }
  if (text !== undefined) {
    process.stdout.write(`${text}\n`);
    return;
  }
  const width = Math.max(...Object.keys(result).map((k) => k.length));
  for (const [k, v] of Object.entries(result)) {
    process.stdout.write(`${k.padEnd(width)}  ${typeof v === 'string' ? v : JSON.stringify(v)}\n`);
  }
}
