// Careslot as the process under test: started as `npm start` runs it, with the bench's
// environment, and measured only once its read model has loaded.
import { resolve } from 'node:path';
import type { Options } from './options.js';
import { freePort, startProcess, type Proc } from './processes.js';
import { PERF_DIR } from './perf.js';
import { PROFILES } from './profile.js';

const log = (line: string) => process.stdout.write(`${line}\n`);

/**
 * Careslot as its own process; with `profileName`, under --cpu-prof writing PROFILES/<name>*.cpuprofile.
 * `checkout` is the directory whose built Careslot runs (another one for --against).
 */
export async function startCareslot(
  o: Options,
  databaseUrl: string,
  secret: string,
  profileName?: string,
  checkout = '.',
  name = 'careslot',
): Promise<Proc> {
  const port = await freePort();
  const env = {
    DATABASE_URL: databaseUrl,
    PORT: String(port),
    HOST: '127.0.0.1',
    CARESLOT_AUTOSEED: '0',
    LOG_LEVEL: 'warn',
    CARESLOT_SECRET: secret,
    CARESLOT_WORKERS: String(o.workers),
    PG_POOL_SIZE: process.env.PG_POOL_SIZE ?? '10',
    // The limits are on (their counting is part of every request's cost) but set as high as
    // they go: every bench request comes from one address, and the defaults would refuse most.
    RATE_LIMIT_PER_IP: '10000000',
    RATE_LIMIT_PER_ACCOUNT: '10000000',
  };
  // One folder per scenario: in cluster mode the primary and every worker each write a file there.
  const prof = profileName ? ['--cpu-prof', `--cpu-prof-dir=${resolve(PROFILES, profileName)}`] : [];
  // --perf: the JIT's symbol map for perf (/tmp/perf-<pid>.map); V8 then also writes a log,
  // kept with the records rather than in the working directory.
  const perf = o.perf
    ? ['--perf-basic-prof', '--no-logfile-per-isolate', `--logfile=${resolve(PERF_DIR, 'v8.log')}`]
    : [];
  // As `npm start` runs it (README): a young generation of 64 MB semi-spaces (cluster workers
  // inherit the flag). With Node's default 16 MB, scavenges came 4 times as often and, over the
  // India-scale read model, cost 6–8 ms each (docs/performance.md, eleventh pass).
  const node = [...prof, ...perf, '--max-semi-space-size=64', ...o.nodeFlags];
  const args =
    o.workers > 1
      ? [...node, '--import', 'tsx', 'bench/cluster.ts']
      : [...node, resolve(checkout, 'bin/careslot.js'), 'serve'];
  const proc = await startProcess(name, args, env, '/healthz', port);
  const loadS = await waitForReadModel(proc.url);
  if (loadS !== null)
    log(`  read model loaded at start in ${loadS.toFixed(1)} s (requests wait for nothing after this)`);
  return proc;
}

/**
 * The server loads its availability read model at start (src/jobs.ts) while already answering
 * (SQLite, and PostgreSQL once its change listener is connected); measure only once it has, as
 * a server that has been up a while would be. Seconds it took, or null where nothing is loaded
 * at start (the caches off, or PostgreSQL without its listener).
 */
async function waitForReadModel(url: string): Promise<number | null> {
  const started = Date.now();
  for (;;) {
    const res = await fetch(`${url}/readyz`);
    const body = (await res.json()) as { read_model?: string };
    if (body.read_model !== 'loading') return body.read_model ? (Date.now() - started) / 1000 : null;
    await new Promise((r) => setTimeout(r, 250));
  }
}
