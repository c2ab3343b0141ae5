// `npm run bench`: generate a dataset, start the ceiling server and Careslot as separate
// processes, drive every scenario with autocannon, run the contention check, print one table
// and write bench/results/latest.json. Options: `npm run bench -- --help`.
import { randomBytes, randomInt } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { sql } from 'kysely';
import { encodeSlotId } from '../src/core/video/slot-ids.js';
import { migrate, openStore } from '../src/store/index.js';
import { beneficiaryTokens, createAccounts } from './accounts.js';
import { contention, type ContentionResult } from './contention.js';
import { freshDatabase } from './database.js';
import { generateDataset } from './dataset.js';
import { keepSpentNonces } from './spent-nonces.js';
import { measure, settle, type Measured } from './load.js';
import { Against } from './paired.js';
import { HELP, parseOptions, UsageError, type Options } from './options.js';
import { startCareslot } from './careslot.js';
import { freePort, startProcess, type Proc } from './processes.js';
import { machine, table, withRatios, writeResults } from './report.js';
import { PROFILES, profileSummaries, type Profiled } from './profile.js';
import { PERF_DIR, perfAvailable, perfRecorder, perfSummary } from './perf.js';
import { checkOverbooking, popularCentres, type OverbookingCheck } from './rush.js';
import { RUSH_BOOK_EVERY, RUSH_CONNECTIONS, scenarios } from './scenarios.js';
import { addBookableDoctors } from './video-bookable.js';

const KIDS_PREFIX = '/kids-vaccination/v1';
const VIDEO_PREFIX = '/video-consultation/v1';
const SANDBOX_PRD_ID = 'KV-SANDBOX';
/**
 * How many video bookings a second the bench's doctors have slots for, warm-up and run. At
 * 4,000 a fast machine sold them out before the run ended (4,226 a second on 2026-12-02) and
 * then measured 409 answers; three times that leaves room.
 */
const VIDEO_BOOKINGS_A_SECOND = 12_000;

async function databaseVersion(store: ReturnType<typeof openStore>): Promise<string> {
  const q =
    store.dialect === 'postgres'
      ? sql<{ v: string }>`select version() as v`
      : sql<{ v: string }>`select 'SQLite ' || sqlite_version() as v`;
  return (await q.execute(store.db)).rows[0]?.v ?? 'unknown';
}

const log = (line: string) => process.stdout.write(`${line}\n`);

async function main(): Promise<number> {
  let o: Options | 'help';
  try {
    o = parseOptions(process.argv.slice(2), process.env);
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`bench: ${err.message}\n`);
      return 2;
    }
    throw err;
  }
  if (o === 'help') {
    log(HELP);
    return 0;
  }
  const opts = o;
  const runSalt = randomInt(1, 1_000_000);
  const secret = randomBytes(32).toString('hex');
  if (opts.profile) {
    rmSync(PROFILES, { recursive: true, force: true });
    mkdirSync(PROFILES, { recursive: true });
  }
  if (opts.perf) {
    if (!perfAvailable()) {
      process.stderr.write('bench: --perf needs Linux perf on the PATH (Debian: apt-get install linux-perf)\n');
      return 2;
    }
    rmSync(PERF_DIR, { recursive: true, force: true });
    mkdirSync(PERF_DIR, { recursive: true });
  }
  if (opts.against && !existsSync(resolve(opts.against, 'dist/main.js'))) {
    process.stderr.write(`bench: --against ${opts.against} has no dist/main.js: run npm run build there first\n`);
    return 2;
  }
  const db = await freshDatabase(opts.databaseUrl);
  let store = openStore(db.url, { poolSize: 10 });
  let against: Against | null = null;
  const procs: Proc[] = [];
  try {
    log(
      `Careslot bench: ${opts.scale.name} scale (${opts.scale.centres.toLocaleString('en')} centres × ${opts.scale.days} days × ${opts.scale.slotsPerDay} slots, ` +
        `${opts.scale.beneficiaries.toLocaleString('en')} beneficiaries) on ${db.label}`,
    );
    log(
      `${opts.connections} connections, ${opts.warmup} s warm-up + ${opts.duration} s per scenario, ${opts.workers} Careslot process${opts.workers > 1 ? 'es' : ''}`,
    );
    log('generating the dataset:');
    const genStart = Date.now();
    await migrate(store);
    const accounts = await createAccounts(store, secret, SANDBOX_PRD_ID);
    const data = await generateDataset(store, opts.scale, accounts.guestId, log);
    const sample = data.beneficiaries.sample;
    const contentionPeople = sample.slice(0, opts.contention.requests);
    // The rush books with the last quarter of the rest (at most 20,000), scheduleAppointment with the others.
    const rest = sample.slice(opts.contention.requests);
    const rushCount = Math.min(20_000, Math.floor(rest.length / 4));
    const schedulePeople = rest.slice(0, rest.length - rushCount);
    const rushPeople = rest.slice(rest.length - rushCount);
    const tokenStart = Date.now();
    const contentionTokens = await beneficiaryTokens(secret, accounts.guestId, contentionPeople);
    const scheduleTokens = await beneficiaryTokens(secret, accounts.guestId, schedulePeople);
    const rushTokens = await beneficiaryTokens(secret, accounts.guestId, rushPeople);
    const rushCentres = await popularCentres(store, data);
    log(`  tokens         ${((Date.now() - tokenStart) / 1000).toFixed(1)} s`);
    // video /book takes one slot per request: enough doctors for VIDEO_BOOKINGS_A_SECOND.
    const videoStart = Date.now();
    const measuredS = opts.duration * (opts.against ? opts.rounds : 1);
    const doctors = Math.ceil(((opts.warmup + measuredS) * VIDEO_BOOKINGS_A_SECOND) / 900);
    const bookable = await addBookableDoctors(store, doctors, 7);
    const videoBook = bookable.map((b) => ({ doctor: b.doctor, slotId: encodeSlotId(secret, b.slot) }));
    log(
      `  video /book    ${((Date.now() - videoStart) / 1000).toFixed(1)} s (${videoBook.length.toLocaleString('en')} slots)`,
    );
    if (opts.nonces > 0) {
      const t = Date.now();
      await keepSpentNonces(store, accounts.partner.id, opts.nonces);
      log(`  nonces         ${((Date.now() - t) / 1000).toFixed(1)} s (${opts.nonces.toLocaleString('en')} spent)`);
    }
    if (opts.analyze) {
      const t = Date.now();
      await store.analyze();
      log(`  analyze        ${((Date.now() - t) / 1000).toFixed(1)} s`);
    }
    const generationMs = Date.now() - genStart;
    log(`  total          ${(generationMs / 1000).toFixed(1)} s`);
    if (opts.against) {
      // PostgreSQL copies a database only while nobody is connected to it.
      if (db.kind === 'postgres') await store.close();
      const copy = await db.copy();
      if (db.kind === 'postgres') store = openStore(db.url, { poolSize: 10 });
      log(`  copied for --against: ${copy.label}`);
      against = new Against(opts, opts.against, copy);
    }

    // The two reference servers, each answering GET / with the same fixed body.
    const reference = async (name: string, script: string) => {
      const port = await freePort();
      const proc = await startProcess(name, ['--import', 'tsx', script, String(port)], {}, '/', port);
      procs.push(proc);
      return proc;
    };
    const ceiling = await reference('ceiling', 'bench/ceiling.ts');
    const floor = await reference('fastify-floor', 'bench/fastify-floor.ts');
    // With --profile each scenario gets a fresh profiled server, so each profile shows one workload.
    const slug = (name: string) => name.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '');
    let careslot = await startCareslot(opts, db.url, secret);
    procs.push(careslot);
    await against?.start(secret);
    // The profile starts with the process: the load phase is [load start, load end] after spawning.
    const profiled: Profiled[] = [];
    const profiledServer = async (name: string) => {
      if (!opts.profile) return;
      await careslot.stop();
      careslot = await startCareslot(opts, db.url, secret, slug(name));
      procs.push(careslot);
      const fromMs = Date.now() - careslot.spawnedAt;
      profiled.push({ name: slug(name), window: { fromMs, toMs: Infinity } });
    };
    const loadDone = () => {
      const last = profiled[profiled.length - 1];
      if (last && last.window.toMs === Infinity) last.window.toMs = Date.now() - careslot.spawnedAt;
    };

    const all = scenarios({
      data,
      accounts,
      schedule: { people: schedulePeople, tokens: scheduleTokens },
      rush: { centres: rushCentres, people: rushPeople, tokens: rushTokens },
      videoBook,
      kidsPrefix: KIDS_PREFIX,
      videoPrefix: VIDEO_PREFIX,
      runSalt,
    });
    const always = new Set(['ceiling', 'fastify floor']);
    const chosen = opts.only.length ? all.filter((s) => always.has(s.name) || opts.only.includes(s.name)) : all;
    const results: Measured[] = [];
    let rushCheck: OverbookingCheck | null = null;
    for (const s of chosen) {
      if (s.target === 'careslot') {
        if (opts.profile) await profiledServer(s.name);
        else if (!(await settle(careslot.url)) || (against && !(await against.settle())))
          log('(Careslot was still busy with the previous scenario after 3 minutes)');
      }
      const proc = s.target === 'ceiling' ? ceiling : s.target === 'floor' ? floor : careslot;
      process.stdout.write(`running ${s.name.padEnd(24)} `);
      if (against && s.target === 'careslot') {
        results.push(...(await against.run(s, careslot)));
        if (s.name === 'rush') rushCheck = await against.checkRush(careslot, store, rushCentres);
        continue;
      }
      const m = await measure(
        s,
        proc.url,
        opts.connections,
        opts.warmup,
        opts.duration,
        s.target === 'careslot',
        proc.child.pid,
        opts.perf && s.target === 'careslot' && proc.child.pid !== undefined
          ? perfRecorder(proc.child.pid, resolve(PERF_DIR, `${slug(s.name)}.data`))
          : undefined,
      );
      if (s.target === 'careslot') loadDone();
      results.push(m);
      const lag = m.loopLag ? `, loop lag p99 ${m.loopLag.p99.toFixed(1)} ms` : '';
      const expected = m.expected !== undefined ? ` (+${m.expected} expected 409)` : '';
      log(`${Math.round(m.rps).toLocaleString('en')} req/s, p99 ${m.p99} ms, ${m.errors} errors${expected}${lag}`);
      if (s.name === 'rush') {
        // Requests still in flight must land before the count is checked.
        await settle(careslot.url);
        rushCheck = await checkOverbooking(
          store,
          rushCentres.map((c) => c.id),
        );
        log(
          `  rush: ${rushCheck.slots} slots of ${rushCentres.length} centres, ${rushCheck.booked} seats booked: ` +
            (rushCheck.pass
              ? 'no slot overbooked'
              : `FAIL ${rushCheck.overCapacity} over capacity, ${rushCheck.mismatched} not matching their bookings ${JSON.stringify(rushCheck.examples)}`),
        );
      }
    }
    // The ceiling again, after the scenarios: ratios use the faster of its two measurements.
    const first = chosen.find((s) => s.target === 'ceiling');
    if (first) {
      process.stdout.write(`running ${'ceiling (again)'.padEnd(24)} `);
      const m = await measure(
        first,
        ceiling.url,
        opts.connections,
        opts.warmup,
        opts.duration,
        false,
        ceiling.child.pid,
      );
      results.push({ ...m, scenario: 'ceiling (again)' });
      log(`${Math.round(m.rps).toLocaleString('en')} req/s, p99 ${m.p99} ms`);
    }
    await ceiling.stop();
    await floor.stop();

    let contended: ContentionResult | null = null;
    if (!opts.only.length || opts.only.includes('contention')) {
      if (opts.profile) await profiledServer('contention');
      else await settle(careslot.url);
      process.stdout.write(`running ${'contention'.padEnd(24)} `);
      contended = await contention(
        store,
        careslot.url,
        data.contention,
        contentionPeople,
        contentionTokens,
        opts.contention.seats,
      );
      loadDone();
      log(`${contended.succeeded} succeeded, ${contended.conflicts} conflicts, ${contended.pass ? 'PASS' : 'FAIL'}`);
    }
    await careslot.stop();
    await against?.stop();

    if (profiled.length) {
      const summaries = profileSummaries(profiled);
      writeFileSync(resolve(PROFILES, 'summary.txt'), `${summaries}\n`);
      log(`\nCPU profiles in ${PROFILES} (summary.txt has the top costs of each)`);
    }
    if (opts.perf) {
      const records = existsSync(PERF_DIR) ? readdirSync(PERF_DIR).filter((f) => f.endsWith('.data')) : [];
      writeFileSync(
        resolve(PERF_DIR, 'summary.txt'),
        `${records.map((f) => perfSummary(resolve(PERF_DIR, f))).join('\n\n')}\n`,
      );
      log(`\nperf records in ${PERF_DIR} (summary.txt has the top symbols of each; perf report -i FILE for more)`);
    }

    const rows = withRatios(results);
    log('');
    log(table(rows, contended, rushCheck));
    if (against) log(`\n${against.summary()}`);
    const file = writeResults({
      at: new Date().toISOString(),
      machine: machine(),
      database: db.kind,
      database_version: await databaseVersion(store),
      workers: opts.workers,
      scale: opts.scale,
      dataset: { counts: data.counts, generation_ms: generationMs, phases_ms: data.ms },
      options: {
        quick: opts.quick,
        analyze: opts.analyze,
        nonces: opts.nonces,
        connections: opts.connections,
        warmup_s: opts.warmup,
        duration_s: opts.duration,
        profile: opts.profile,
      },
      results: rows,
      ...(against ? { against: against.json() } : {}),
      contention: contended,
      rush: rushCheck && {
        centres: rushCentres,
        book_every: RUSH_BOOK_EVERY,
        connections: RUSH_CONNECTIONS,
        ...rushCheck,
      },
    });
    log(`\nresults written to ${file}`);
    return (contended && !contended.pass) || (rushCheck && !rushCheck.pass) ? 1 : 0;
  } finally {
    for (const p of procs.reverse()) await p.stop().catch(() => {});
    await store.close();
    await against?.close(opts.keep);
    if (!opts.keep)
      await db
        .drop()
        .catch((err) => process.stderr.write(`bench: could not drop the bench database: ${err.message}\n`));
    else log(`database kept: ${db.url}`);
  }
}

process.exitCode = await main().catch((err) => {
  process.stderr.write(`bench: ${err?.stack ?? err}\n`);
  return 1;
});
