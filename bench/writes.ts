// In-process timing of the write scenarios, without HTTP or autocannon: a small bench dataset,
// the app built in this process, N requests of each write scenario through app.inject() with
// C in flight at once, and the SQL statements each request runs (BEGIN/COMMIT included).
// `node --import tsx bench/writes.ts [N] [C] [scenario,scenario…]` (default: the four writes;
// any scenario of bench/scenarios.ts can be named, reads included). Noisy on a shared machine: compare runs made
// one right after the other; the CPU time per request (this process) is the steadier figure.
import { randomBytes, randomInt } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { migrate, openStore } from '../src/store/index.js';
import { beneficiaryTokens, createAccounts } from './accounts.js';
import { generateDataset } from './dataset.js';
import { encodeSlotId } from '../src/core/video/slot-ids.js';
import { scenarios } from './scenarios.js';
import { addBookableDoctors } from './video-bookable.js';

const N = Number(process.argv[2] ?? 2000);
const C = Number(process.argv[3] ?? 50);
const NAMES = process.argv[4]?.split(',') ?? ['beneficiary/add', 'scheduleAppointment', 'kids /book', 'video /book'];

/** Count every statement better-sqlite3 runs (Kysely runs each through all() or run()). */
function countStatements(raw: object): { n: number } {
  const counter = { n: 0 };
  const proto = Object.getPrototypeOf((raw as { prepare(s: string): object }).prepare('select 1'));
  for (const m of ['all', 'run', 'get', 'iterate']) {
    const orig = proto[m];
    proto[m] = function (this: unknown, ...args: unknown[]) {
      counter.n++;
      return orig.apply(this, args);
    };
  }
  return counter;
}

const dir = resolve('.tmp/bench');
mkdirSync(dir, { recursive: true });
const file = resolve(dir, `writes-${process.pid}.sqlite`);
const url = `sqlite:${file}`;
const secret = randomBytes(32).toString('hex');
const store = openStore(url, { checkpointInBackground: true });
try {
  await migrate(store);
  const accounts = await createAccounts(store, secret, 'KV-SANDBOX');
  const data = await generateDataset(
    store,
    { name: 'writes', centres: 500, days: 7, slotsPerDay: 4, beneficiaries: N + 10 },
    accounts.guestId,
    () => {},
  );
  const people = data.beneficiaries.sample;
  const tokens = await beneficiaryTokens(secret, accounts.guestId, people);
  const config = loadConfig({ DATABASE_URL: url, CARESLOT_SECRET: secret, CARESLOT_AUTOSEED: '0', LOG_LEVEL: 'warn' });
  const app = await buildApp(config, { store, logger: false });
  await app.ready();
  // The same statement counter sees every connection: patch the prototype of better-sqlite3's statements.
  const Database = (await import('better-sqlite3')).default;
  const counter = countStatements(new Database(':memory:'));
  const all = scenarios({
    data,
    accounts,
    schedule: { people, tokens },
    rush: { centres: [], people: [], tokens: [] },
    videoBook: (await addBookableDoctors(store, Math.ceil((N + 21) / 900), 7)).map((b) => ({
      doctor: b.doctor,
      slotId: encodeSlotId(secret, b.slot),
    })),
    kidsPrefix: '/kids-vaccination/v1',
    videoPrefix: '/video-consultation/v1',
    runSalt: randomInt(1, 1_000_000),
  });
  for (const name of NAMES) {
    const s = all.find((x) => x.name === name);
    if (!s) throw new Error(`no scenario "${name}"; there are: ${all.map((x) => x.name).join(', ')}`);
    const statuses: Record<number, number> = {};
    const one = async (n: number) => {
      const r = s.next(n);
      const res = await app.inject({ method: r.method, url: r.path, headers: r.headers, payload: r.body });
      statuses[res.statusCode] = (statuses[res.statusCode] ?? 0) + 1;
    };
    // Warm-up (also the statement count of one request, alone).
    for (let n = 0; n < 20; n++) await one(n);
    const before = counter.n;
    await one(20);
    const perRequest = counter.n - before;
    let next = 21;
    const t = process.hrtime.bigint();
    const cpu = process.cpuUsage();
    const statementsAt = counter.n;
    await Promise.all(
      Array.from({ length: C }, async () => {
        while (next < N + 21) await one(next++);
      }),
    );
    const ms = Number(process.hrtime.bigint() - t) / 1e6;
    const used = process.cpuUsage(cpu);
    const cpuUs = (used.user + used.system) / N;
    console.log(
      `${name.padEnd(20)} ${N} requests, ${C} in flight: ${(N / (ms / 1000)).toFixed(0)} req/s, ${cpuUs.toFixed(0)} µs CPU/request, ` +
        `${((counter.n - statementsAt) / N).toFixed(1)} statements/request (one alone: ${perRequest}), statuses ${JSON.stringify(statuses)}`,
    );
  }
  await app.close();
} finally {
  await store.close();
  for (const f of [file, `${file}-wal`, `${file}-shm`]) rmSync(f, { force: true });
}
