// The sandbox dataset: loaded on first start in sandbox mode and by `careslot seed`.
import type { Config } from '../config.js';
import { toCount } from '../store/dialect.js';
import type { Store } from '../store/index.js';
import { loadGeography, type GeographySummary } from './geography.js';
import { loadKids } from './kids.js';
import { sandboxParts } from './parts.js';
import { rng } from './random.js';
import { loadVaccination } from './vaccination.js';
import { loadVideo } from './video.js';

export interface SeedOptions {
  /** Number of vaccination centres (default 3000). */
  centres?: number;
  /** Days of sessions and slots from today (default 14). */
  days?: number;
  /** First day of sessions (YYYY-MM-DD, default today in UTC). */
  today?: string;
}

export interface SeedSummary {
  seeded: boolean;
  geography?: GeographySummary;
  vaccination?: { vaccines: number; centres: number; slots: number };
  kids?: { services: number; providers: number; slots: number };
  video?: { specialities: number; doctors: number; slots: number };
  ms?: number;
}

/** Has the sandbox (or any dataset) been loaded already? */
export async function isSeeded(store: Store): Promise<boolean> {
  const row = await store.db
    .selectFrom('states')
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();
  return toCount(row.n) > 0;
}

/** Load the sandbox dataset in one transaction; does nothing if data is already there. */
export async function seedSandbox(store: Store, config: Config, opts: SeedOptions = {}): Promise<SeedSummary> {
  if (await isSeeded(store)) return { seeded: false };
  const started = Date.now();
  const random = rng(20210501);
  const today = opts.today ?? new Date().toISOString().slice(0, 10);
  const days = opts.days ?? 14;
  const summary = await store.tx(async (trx) => {
    const geography = await loadGeography(trx);
    const vaccination = await loadVaccination(trx, random, { centres: opts.centres ?? 3000, days, today });
    const kids = await loadKids(trx, random, { days, today });
    const video = await loadVideo(trx, random, { days, today });
    for (const part of sandboxParts) await part.seed(trx, config);
    return { geography, vaccination, kids, video };
  });
  await store.analyze();
  return { seeded: true, ...summary, ms: Date.now() - started };
}

export async function sandboxCredentials(store: Store, config: Config): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const part of sandboxParts) Object.assign(out, await part.credentials(store, config));
  return out;
}
