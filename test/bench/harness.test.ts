// The benchmark harness's own pieces: the data it sends must be valid (or the figures would
// measure refusals), its dataset must be what the scenarios assume, and its options and
// report must say what they mean. No timings here: those belong to `npm run bench`.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createGuest } from '../../src/core/cowin/guests.js';
import { verifyToken } from '../../src/core/shared/tokens.js';
import { beneficiaryTokens, createAccounts } from '../../bench/accounts.js';
import { generateDataset, type Dataset } from '../../bench/dataset.js';
import { parseOptions, UsageError } from '../../bench/options.js';
import { aadhaar, newBeneficiaryBody, verhoeffDigit } from '../../bench/people.js';
import { summarise } from '../../bench/profile.js';
import { table, withRatios } from '../../bench/report.js';
import { checkOverbooking, popularCentres } from '../../bench/rush.js';
import { RUSH_BOOK_EVERY, type Scenario, scenarios } from '../../bench/scenarios.js';
import { freshDatabase } from '../../bench/database.js';
import { keepSpentNonces } from '../../bench/spent-nonces.js';
import { NONCE_KEPT_AFTER_T_SECONDS, useNonce } from '../../src/core/partners/nonces.js';
import { comparisonTable, median, paired } from '../../bench/paired.js';
import { addBookableDoctors } from '../../bench/video-bookable.js';
import { cpuMicros } from '../../bench/cpu.js';
import { perfAvailable, perfRecorder, perfSummary } from '../../bench/perf.js';
import { encodeSlotId } from '../../src/core/video/slot-ids.js';
import { testApp, type TestApp } from '../helpers/app.js';
import { testDb, type TestDb } from '../helpers/db.js';
import { verhoeffValid } from '../../src/core/cowin/photo-id.js';

describe('bench: generated people', () => {
  it('computes the Verhoeff check digit of the textbook example (236 → 3)', () => {
    assert.equal(verhoeffDigit('236'), 3);
    assert.equal(verhoeffValid('2363'), true);
    assert.equal(verhoeffValid('2364'), false);
  });

  it('makes distinct 12-digit Aadhaar numbers that pass the check', () => {
    const seen = new Set<string>();
    for (const n of [0, 1, 7, 8, 123_456, 9_999_999, 1_000_000_000, 1_000_123_456]) {
      const a = aadhaar(n);
      assert.match(a, /^[2-9]\d{11}$/);
      assert.equal(verhoeffValid(a), true, a);
      seen.add(a);
    }
    assert.equal(seen.size, 8);
  });

  it('makes Aadhaar numbers that the registration API accepts, across the whole range', () => {
    // Every digit position takes every value: a wrong Verhoeff table shows up here.
    for (let i = 0; i < 2_000; i++) {
      const a = aadhaar(1_000_000_000 + i * 8_000_037);
      assert.equal(verhoeffValid(a), true, a);
    }
  });

  it('gives each registration a distinct mobile and photo ID, with consent', () => {
    const a = newBeneficiaryBody(1, 42);
    const b = newBeneficiaryBody(2, 42);
    assert.notEqual(a.mobile_number, b.mobile_number);
    assert.notEqual(a.photo_id_number, b.photo_id_number);
    assert.match(String(a.mobile_number), /^9\d{9}$/);
    assert.equal(a.consent, 'Y');
  });
});

describe('bench: spent nonces (--nonces)', () => {
  let t: TestDb;
  before(async () => {
    t = await testDb({ seeded: false });
  });
  after(() => t.drop());

  it('keeps N nonces of the partner, all still in the window, without spending the next one', async () => {
    const accounts = await createAccounts(t.store, t.config.secret, 'KV');
    const now = new Date('2030-02-01T00:00:00Z');
    await keepSpentNonces(t.store, accounts.partner.id, 4_500, now);
    const rows = await t.store.db
      .selectFrom('partner_nonces')
      .select(['t', 'nonce'])
      .where('partner_id', '=', accounts.partner.id)
      .execute();
    assert.equal(rows.length, 4_500);
    assert.equal(new Set(rows.map((r) => r.nonce)).size, 4_500, 'each nonce once');
    const seconds = now.getTime() / 1000;
    const ts = rows.map((r) => Number(r.t));
    assert.ok(Math.min(...ts) > seconds - NONCE_KEPT_AFTER_T_SECONDS, 'no row a sweep would delete');
    assert.ok(Math.max(...ts) <= seconds);
    assert.equal(await useNonce(t.store.db, accounts.partner.id, seconds, 'a-fresh-nonce-0001', now), true);
  });
});

describe('bench: options', () => {
  it('picks the quick scale and short runs for --quick', () => {
    const o = parseOptions(['--quick'], {});
    assert.ok(o !== 'help');
    assert.equal(o.scale.name, 'quick');
    assert.equal(o.duration, 5);
    assert.equal(o.connections, 100);
    assert.equal(o.databaseUrl, null);
  });

  it('uses PostgreSQL when DATABASE_URL is a postgres URL and refuses any other URL', () => {
    const o = parseOptions(['--workers', '2'], { DATABASE_URL: 'postgres://u@h/db' });
    assert.ok(o !== 'help');
    assert.equal(o.workers, 2);
    assert.equal(o.databaseUrl, 'postgres://u@h/db');
    assert.throws(() => parseOptions([], { DATABASE_URL: 'sqlite:x.sqlite' }), UsageError);
  });

  it('keeps spent nonces only when asked (--nonces N), and refuses what is not a count', () => {
    const plain = parseOptions(['--quick'], {});
    const kept = parseOptions(['--quick', '--nonces', '3000000'], {});
    assert.ok(plain !== 'help' && kept !== 'help');
    assert.equal(plain.nonces, 0);
    assert.equal(kept.nonces, 3_000_000);
    assert.throws(() => parseOptions(['--nonces', 'many'], {}), /--nonces must be a number/);
  });

  it('records with perf only when asked (--perf)', () => {
    const plain = parseOptions(['--quick'], {});
    const perf = parseOptions(['--quick', '--perf'], {});
    assert.ok(plain !== 'help' && perf !== 'help');
    assert.equal(plain.perf, false);
    assert.equal(perf.perf, true);
  });

  it('passes Node and V8 flags to the Careslot processes (--node-flags), flags only', () => {
    const plain = parseOptions(['--quick'], {});
    const flagged = parseOptions(['--quick', '--node-flags', ' --trace-gc-nvp  --max-semi-space-size=128 '], {});
    assert.ok(plain !== 'help' && flagged !== 'help');
    assert.deepEqual(plain.nodeFlags, []);
    assert.deepEqual(flagged.nodeFlags, ['--trace-gc-nvp', '--max-semi-space-size=128']);
    assert.throws(() => parseOptions(['--node-flags', '--trace-gc extra'], {}), /each starting with --, got "extra"/);
    const inline = parseOptions(['--node-flags=--max-semi-space-size=128'], {});
    assert.ok(inline !== 'help');
    assert.deepEqual(inline.nodeFlags, ['--max-semi-space-size=128']);
  });

  it('names what is wrong with a bad option', () => {
    assert.throws(() => parseOptions(['--scale', 'moon'], {}), /--scale must be one of/);
    assert.throws(() => parseOptions(['--duration', 'x'], {}), /--duration must be a number/);
    assert.throws(() => parseOptions(['--bogus'], {}), /unknown option --bogus/);
  });

  it('compares with another checkout in short alternating windows (--against), alone', () => {
    const plain = parseOptions(['--quick'], {});
    const paired = parseOptions(['--quick', '--against', '../base'], {});
    const longer = parseOptions(['--quick', '--against', '../base', '--duration', '3', '--rounds', '10'], {});
    assert.ok(plain !== 'help' && paired !== 'help' && longer !== 'help');
    assert.deepEqual([plain.against, plain.duration], [null, 5]);
    assert.deepEqual([paired.against, paired.duration, paired.rounds], ['../base', 1, 6]);
    assert.deepEqual([longer.duration, longer.rounds], [3, 10]);
    for (const other of ['--profile', '--perf'])
      assert.throws(() => parseOptions(['--against', '../base', other], {}), /run --profile or --perf without it/);
    assert.throws(() => parseOptions(['--against', '../base', '--workers', '2'], {}), /one Careslot process/);
    assert.throws(() => parseOptions(['--rounds', '4'], {}), /--rounds goes with --against/);
    assert.throws(
      () => parseOptions(['--against', '../base', '--rounds', '1'], {}),
      /--rounds must be a number from 2/,
    );
  });
});

describe('bench: --against', () => {
  it('takes the median of the rounds, the mean of the middle two for an even count', () => {
    assert.equal(median([]), null);
    assert.equal(median([3, 1, 2]), 2);
    assert.equal(median([1.2, 0.9]), 1.05);
    assert.equal(median([4, 1, 3, 2]), 2.5);
  });

  it('copies a SQLite bench database with the rows its log still held, and drops both', async () => {
    const db = await freshDatabase(null);
    const file = db.url.slice('sqlite:'.length);
    const raw = new Database(file);
    raw.pragma('journal_mode = WAL');
    raw.pragma('wal_autocheckpoint = 0');
    raw.exec('create table t (n integer)');
    raw.prepare('insert into t values (?)').run(42);
    assert.ok(statSync(`${file}-wal`).size > 0, 'the row is in the log, not yet in the file');
    const copy = await db.copy();
    try {
      assert.notEqual(copy.url, db.url);
      const other = new Database(copy.url.slice('sqlite:'.length), { readonly: true });
      assert.deepEqual(other.prepare('select n from t').all(), [{ n: 42 }]);
      other.close();
      // The original goes on as before.
      raw.prepare('insert into t values (?)').run(43);
      assert.deepEqual(raw.prepare('select count(*) as c from t').get(), { c: 2 });
    } finally {
      raw.close();
      await copy.drop();
      await db.drop();
    }
    assert.equal(existsSync(file) || existsSync(copy.url.slice('sqlite:'.length)), false);
  });

  it('alternates the two servers round by round, each numbering its requests on from its last window', async () => {
    // Each server records the request numbers it was sent (the path is the number).
    const received: number[][] = [[], []];
    const servers = [0, 1].map((i) =>
      createServer((req, res) => {
        // (The bench also asks each server for /metrics, before and after each window.)
        if (req.url !== '/metrics') received[i].push(Number(req.url?.slice(1)));
        res.end('{}');
      }),
    );
    const urls = await Promise.all(
      servers.map(
        (srv) =>
          new Promise<string>((ok) =>
            srv.listen(0, '127.0.0.1', () => ok(`http://127.0.0.1:${(srv.address() as AddressInfo).port}`)),
          ),
      ),
    );
    const scenario: Scenario = {
      name: 'x',
      group: 'read',
      target: 'careslot',
      next: (n) => ({ method: 'GET', path: `/${n}`, headers: {} }),
    };
    try {
      const { rows, comparison } = await paired(
        scenario,
        { label: '', url: urls[0], pid: process.pid },
        { label: ' (against)', url: urls[1], pid: process.pid },
        { connections: 4, warmup: 0, window: 1, rounds: 2 },
      );
      assert.deepEqual(
        rows.map((r) => r.scenario),
        ['x', 'x (against)'],
      );
      assert.equal(rows[0].durationS, 2, 'two windows of one second');
      assert.equal(comparison.ratios.length, 2, 'one ratio a round');
      assert.match(comparisonTable([comparison], '../base'), new RegExp(`lower in ${comparison.lower} of 2 rounds`));
      for (const [i, got] of received.entries()) {
        assert.ok(rows[i].requests > 0 && got.length >= rows[i].requests, `side ${i}: ${got.length} received`);
        // Numbered from 0 on each side, never twice: the second window went on from the first.
        assert.equal(Math.min(...got), 0);
        assert.equal(new Set(got).size, got.length, `side ${i} was sent a number twice`);
      }
    } finally {
      for (const srv of servers) srv.close();
    }
  });
});

describe('bench: report and profile summary', () => {
  /** A measured scenario's figures besides its name, group and req/s. */
  const base = {
    p50: 1,
    p99: 2,
    errors: 0,
    timeouts: 0,
    connectionErrors: 0,
    unfinished: 0,
    statuses: { 200: 10 },
    durationS: 1,
    requests: 10,
    bytesPerAnswer: 1234,
  };
  it('reports each scenario as a fraction of the ceiling', () => {
    const rows = withRatios([
      { ...base, scenario: 'ceiling', group: 'ceiling', rps: 1000 },
      {
        ...base,
        scenario: 'centers/findByPin',
        group: 'read',
        rps: 250,
        errors: 3,
        statuses: { 200: 7, 404: 3 },
        cpuUsPerRequest: 81.6,
      },
    ]);
    assert.equal(rows[1].ratio, 0.25);
    const text = table(rows, null);
    assert.match(text, /centers\/findByPin\s+250\s+1\.0\s+2\.0\s+3\s+0\.25\s+404×3\s+-\s+1,234\s+82\s+-$/m);
    // Where the server's CPU time could not be read, the cells say so.
    assert.match(text, /^ceiling\s.*\s1,234\s+-\s+-$/m);
  });

  it("reports the CPU per request in units of the ceiling's cheaper run", () => {
    const rows = withRatios([
      { ...base, scenario: 'ceiling', group: 'ceiling', rps: 1000, cpuUsPerRequest: 40 },
      { ...base, scenario: 'scheduleAppointment', group: 'write', rps: 100, cpuUsPerRequest: 250 },
      { ...base, scenario: 'ceiling (again)', group: 'ceiling', rps: 900, cpuUsPerRequest: 25 },
    ]);
    assert.deepEqual(
      rows.map((r) => r.cpuInCeilings),
      [1.6, 10, 1],
    );
    assert.match(table(rows, null), /^scheduleAppointment\s.*\s250\s+10\.0$/m);
  });

  it("reads a server's CPU time from /proc, its child processes' included", {
    skip: process.platform !== 'linux',
  }, async () => {
    // CPU time is burnt by amount (process.cpuUsage), never by the clock: a busy machine only slows it.
    const burn =
      'const s = process.cpuUsage(); const u = () => { const c = process.cpuUsage(s); return c.user + c.system; };';
    const before = cpuMicros(process.pid);
    assert.ok(before !== null && before > 0);
    const start = process.cpuUsage();
    while (process.cpuUsage(start).user < 60_000) {
      /* burn 60 ms of CPU */
    }
    const after = cpuMicros(process.pid);
    assert.ok(after !== null && after - before >= 40_000, `${before} → ${after}`);
    // A child process's time is counted in its parent's.
    const child = spawn(process.execPath, [
      '-e',
      `${burn} while (u() < 200000); console.log('done'); setTimeout(() => {}, 30000);`,
    ]);
    try {
      await new Promise((done) => child.stdout.once('data', done));
      const own = cpuMicros(child.pid);
      const withChild = cpuMicros(process.pid);
      assert.ok(own !== null && own >= 180_000, `child used ${own} µs`);
      assert.ok(withChild !== null && withChild - after >= own, `${after} → ${withChild}, child ${own}`);
    } finally {
      child.kill();
    }
    assert.equal(cpuMicros(2 ** 22 + 1), null, 'a process that does not exist');
  });

  it('records a busy process with perf from start to stop and summarises it by symbol', {
    skip: perfAvailable() ? false : 'Linux perf is not installed here',
  }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'careslot-perf-'));
    // The child burns CPU by amount, not by the clock, in a function perf can name.
    const child = spawn(process.execPath, [
      '--perf-basic-prof',
      '--no-logfile-per-isolate',
      `--logfile=${join(dir, 'v8.log')}`,
      '-e',
      `function careslotBurn() { const s = process.cpuUsage(); let x = 0; while (process.cpuUsage(s).user < 3e6) x += Math.sqrt(x + 1); return x; }
       console.log('go'); careslotBurn();`,
    ]);
    try {
      await new Promise((go) => child.stdout.once('data', go));
      const file = join(dir, 'busy.data');
      const recorder = perfRecorder(child.pid!, file);
      await recorder.start();
      await new Promise((r) => setTimeout(r, 700));
      await recorder.stop();
      const summary = perfSummary(file, 0);
      assert.match(summary, /^busy\.data: self time/);
      assert.match(summary, /by shared object:\n {2}\d+\.\d+%/, summary);
      assert.match(summary, /careslotBurn|Math|sqrt/, 'the JavaScript function is named');
    } finally {
      child.kill();
      rmSync(dir, { recursive: true, force: true });
    }
    assert.match(perfSummary(join(dir, 'missing.data')), /no samples/);
  });

  it('takes the faster of the two ceiling measurements (start and end of the run)', () => {
    const rows = withRatios([
      { ...base, scenario: 'ceiling', group: 'ceiling', rps: 800 },
      { ...base, scenario: 'centers/findByPin', group: 'read', rps: 500 },
      { ...base, scenario: 'ceiling (again)', group: 'ceiling', rps: 1000 },
    ]);
    assert.deepEqual(
      rows.map((r) => r.ratio),
      [0.8, 0.5, 1],
    );
  });

  it("shows the server's event-loop lag and the rush's expected 409s apart from errors", () => {
    const rows = withRatios([
      { ...base, scenario: 'ceiling', group: 'ceiling', rps: 1000 },
      { ...base, scenario: 'rush', group: 'write', rps: 100, expected: 7, loopLag: { p99: 12.34, max: 40 } },
    ]);
    const text = table(rows, null);
    assert.match(text, /rush\s+100\s+1\.0\s+2\.0\s+0\s+0\.10\s+7 expected 409 full\s+12\.3 \/ 40\.0/);
    // Errors say what they were: requests that timed out, connections refused or reset.
    const failed = table(
      withRatios([
        { ...base, scenario: 'ceiling', group: 'ceiling', rps: 1000 },
        { ...base, scenario: 'rush', group: 'write', rps: 100, errors: 5, timeouts: 3, connectionErrors: 2 },
      ]),
      null,
    );
    assert.match(failed, /rush\s+100\s+1\.0\s+2\.0\s+5\s+0\.10\s+3 timed out \(10 s\); 2 connection errors/);
  });

  it('counts only the samples inside the load window', () => {
    const dir = mkdtempSync(join(tmpdir(), 'careslot-prof-'));
    const file = join(dir, 'x.cpuprofile');
    const frame = (functionName: string, url: string) => ({
      functionName,
      url,
      lineNumber: 0,
      columnNumber: 0,
      scriptId: '0',
    });
    writeFileSync(
      file,
      JSON.stringify({
        nodes: [
          { id: 1, callFrame: frame('(root)', '') },
          { id: 2, callFrame: frame('startup', 'file:///app/node_modules/tsx/x.js') },
          { id: 3, callFrame: frame('handler', 'file:///app/src/api/x.ts') },
        ],
        startTime: 0,
        endTime: 4000,
        // two start-up samples, then two handler samples in the last 2 ms
        samples: [2, 2, 3, 3],
        timeDeltas: [500, 500, 1500, 1000],
      }),
    );
    const all = summarise(file, 5);
    assert.deepEqual(all.byOwner.map(([k]) => k).sort(), ['src/api/x.ts', 'tsx']);
    const load = summarise(file, 5, { fromMs: 2, toMs: 4 });
    assert.deepEqual(load.byOwner, [['src/api/x.ts', 100]]);
  });
});

describe('bench: dataset', () => {
  let t: TestDb;
  let data: Dataset;
  let guestId: number;
  /** Tomorrow (UTC) when the dataset was generated: its first day. */
  let tomorrow: string;
  before(async () => {
    t = await testDb({ seeded: false });
    tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    guestId = (await createGuest(t.store.db, { name: 'Bench test guest' })).guest.id;
    data = await generateDataset(
      t.store,
      { name: 'test', centres: 30, days: 2, slotsPerDay: 4, beneficiaries: 40 },
      guestId,
      () => {},
    );
  });
  after(async () => {
    await t.drop();
  });

  it('puts centres on real pincodes with slots starting tomorrow, contiguous per centre', async () => {
    assert.ok(data.centres.length > 0 && data.centres.length <= 30);
    // Read just before generating: the same day unless the generation crossed a UTC midnight.
    assert.ok(
      [tomorrow, new Date(Date.parse(`${tomorrow}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10)].includes(
        data.firstDay,
      ),
    );
    for (const c of data.centres.slice(0, 5)) {
      const slots = await t.store.db
        .selectFrom('slots')
        .select(['id', 'place_id', 'start_at'])
        .where('place_id', '=', c.id)
        .orderBy('id')
        .execute();
      assert.equal(slots.length, 8);
      assert.equal(slots[0].id, c.firstSlot);
      assert.equal(slots[7].id, c.firstSlot + 7);
      assert.ok(slots[0].start_at > new Date().toISOString());
    }
    const pins = await t.store.db
      .selectFrom('pincodes')
      .select('pincode')
      .where('pincode', 'in', data.pincodes)
      .execute();
    assert.equal(pins.length, data.pincodes.length);
    // Every district the bench searches has centres, and every centre's district is listed
    // (but the contention centre's, which the read scenarios leave alone).
    const districts = await t.store.db
      .selectFrom('places')
      .select('district_id')
      .distinct()
      .where('kind', '=', 'vaccination_centre')
      .where('code', '!=', 'cvc-contention')
      .execute();
    assert.deepEqual(
      [...data.districts].sort((a, b) => a - b),
      districts.map((d) => d.district_id).sort((a, b) => a! - b!),
    );
  });

  it('makes one 100-seat contention slot and the beneficiaries the scenarios book with', async () => {
    const slot = await t.store.db
      .selectFrom('slots')
      .select(['capacity', 'booked', 'place_id'])
      .where('id', '=', data.contention.slotId)
      .executeTakeFirstOrThrow();
    assert.deepEqual([slot.capacity, slot.booked, slot.place_id], [100, 0, data.contention.centreId]);
    assert.equal(data.beneficiaries.sample.length, 40);
    assert.equal(new Set(data.beneficiaries.sample.map((b) => b.mobile)).size, 40);
    const rows = await t.store.db
      .selectFrom('beneficiaries')
      .select(['reference_id', 'person_id', 'mobile', 'guest_id'])
      .where(
        'reference_id',
        'in',
        data.beneficiaries.sample.map((b) => b.referenceId),
      )
      .execute();
    assert.equal(rows.length, 40);
    const byRef = new Map(rows.map((r) => [r.reference_id, r]));
    for (const b of data.beneficiaries.sample) {
      const r = byRef.get(b.referenceId)!;
      assert.deepEqual([r.person_id, r.mobile, r.guest_id], [b.personId, b.mobile, guestId]);
      assert.match(String(b.referenceId), /^[1-9]\d{13}$/);
    }
  });

  it('signs beneficiary tokens the server accepts, bound to each mobile', async () => {
    const tokens = await beneficiaryTokens(t.config.secret, 7, data.beneficiaries.sample.slice(0, 3));
    for (const [i, token] of tokens.entries()) {
      const v = await verifyToken(t.config.secret, token, ['beneficiary']);
      assert.ok(v.ok);
      assert.equal(v.claims.sub, data.beneficiaries.sample[i].mobile);
      assert.equal(v.claims.guest_id, 7);
    }
    const wrongSecret = await verifyToken('another-secret-0123456789abcdef0123456789', tokens[0], ['beneficiary']);
    assert.equal(wrongSecret.ok, false);
  });

  it('rushes a few popular centres, booking each beneficiary at most once, and checks their seats', async () => {
    const centres = await popularCentres(t.store, data, 3);
    assert.equal(centres.length, 3);
    const people = data.beneficiaries.sample.slice(0, 5);
    const rush = scenarios({
      data,
      accounts: { guestId, guestToken: 'g', partner: { id: 1, token: 'p', secret: 's'.repeat(32), prdId: 'KV' } },
      schedule: { people: [], tokens: [] },
      rush: { centres, people, tokens: people.map((_, i) => `t${i}`) },
      videoBook: [],
      kidsPrefix: '/k',
      videoPrefix: '/v',
      runSalt: 1,
    }).find((s) => s.name === 'rush')!;
    const requests = Array.from({ length: RUSH_BOOK_EVERY * 10 }, (_, n) => rush.next(n));
    const bookings = requests.filter((r) => r.method === 'POST');
    assert.equal(bookings.length, people.length);
    const ids = centres.map((c) => c.id);
    const booked = bookings.map((r) => JSON.parse(r.body!));
    assert.deepEqual(
      booked.map((b) => b.beneficiaries[0]),
      people.map((p) => p.referenceId),
    );
    assert.ok(booked.every((b) => ids.includes(b.center_id)));
    assert.ok(
      requests
        .filter((r) => r.method === 'GET')
        .every((r) => /findByCenter\?center_id=|findByDistrict\?district_id=|findByPin\?pin=/.test(r.path)),
    );
    assert.equal(rush.expected!(409, '{"errorCode":"APPOIN0040"}'), true);
    assert.equal(rush.expected!(409, '{"errorCode":"APPOIN0020"}'), false);

    assert.equal((await checkOverbooking(t.store, ids)).pass, true);
    // A slot whose count does not match its bookings fails the check.
    const slot = centres[0].firstSlot;
    await t.store.db.updateTable('slots').set({ booked: 1 }).where('id', '=', slot).execute();
    const bad = await checkOverbooking(t.store, ids);
    assert.equal(bad.pass, false);
    assert.equal(bad.mismatched, 1);
    await t.store.db.updateTable('slots').set({ booked: 0 }).where('id', '=', slot).execute();
  });

  it('gives kids providers their own slots and lists weekday dates for video', () => {
    assert.ok(data.kids.providers.length > 0);
    assert.ok(data.kids.providers.every((p) => p.slotIds.length > 0));
    assert.ok(data.video.doctors.length > 0);
    assert.ok(data.video.dates.every((d) => ![5, 6].includes(new Date(`${d}T00:00:00Z`).getUTCDay())));
  });
});

describe('bench: video /book', () => {
  let t: TestApp;
  before(async () => {
    t = await testApp({ seeded: false });
  });
  after(async () => {
    await t.close();
  });

  it('adds round-the-clock doctors whose future slots the scenario books, one distinct slot per request', async () => {
    // Read before: addBookableDoctors keeps slots starting 3 h after its own (later) now.
    const earliest = new Date(Date.now() + 3 * 3_600_000).toISOString();
    const bookable = await addBookableDoctors(t.store, 2, 2);
    assert.ok(bookable.length > 100, `${bookable.length} slots`);
    assert.equal(new Set(bookable.map((b) => b.slot)).size, bookable.length);
    assert.deepEqual([...new Set(bookable.map((b) => b.doctor))].sort(), ['doc-bench-1', 'doc-bench-2']);
    const starts = await t.store.db
      .selectFrom('slots')
      .select('start_at')
      .where(
        'id',
        'in',
        bookable.map((b) => b.slot),
      )
      .execute();
    assert.ok(
      starts.every((s) => s.start_at > earliest),
      'every slot starts after the API lead time',
    );

    const accounts = await createAccounts(t.store, t.config.secret, 'KV');
    const book = scenarios({
      data: {} as Dataset,
      accounts,
      schedule: { people: [], tokens: [] },
      rush: { centres: [], people: [], tokens: [] },
      videoBook: bookable.map((b) => ({ doctor: b.doctor, slotId: encodeSlotId(t.config.secret, b.slot) })),
      kidsPrefix: '/kids-vaccination/v1',
      videoPrefix: '/video-consultation/v1',
      runSalt: 1,
    }).find((s) => s.name === 'video /book')!;
    assert.equal(book.limit, bookable.length);
    const held = [];
    for (let n = 0; n < 3; n++) {
      const r = book.next(n);
      const res = await t.app.inject({ method: r.method, url: r.path, headers: r.headers, payload: r.body });
      assert.equal(res.statusCode, 200, res.body);
      held.push(res.json().data.info);
    }
    assert.deepEqual(
      held.map((b) => b.slot.slot_id),
      bookable.slice(0, 3).map((b) => encodeSlotId(t.config.secret, b.slot)),
    );
    assert.ok(held.every((b) => b.status === 'held' && b.payment_url));
  });
});
