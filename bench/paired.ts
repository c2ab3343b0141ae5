// `--against DIR`: one scenario on two Careslot servers (this checkout's and another's, each on
// its own copy of the dataset), in alternating windows, so that both meet the same machine.
//
// On the shared 2-core machine this project is measured on, the speed of the machine moves by
// a third or more within minutes, so two separate runs compare the moments they ran in as much
// as the code. Here each server gets one warm-up, then `rounds` windows of `window` seconds
// each, in the order A B, B A, A B, … so that a drift during a pair favours neither. What is
// compared is the CPU each server's process used per request in its windows (./cpu.ts), round
// by round: a change that costs less shows as a ratio below 1 in most rounds.
import { resolve } from 'node:path';
import { openStore, type Store } from '../src/store/index.js';
import { startCareslot } from './careslot.js';
import type { BenchDatabase } from './database.js';
import { measure, settle, type Measured } from './load.js';
import type { Options } from './options.js';
import type { Proc } from './processes.js';
import { checkOverbooking, type OverbookingCheck } from './rush.js';
import type { Scenario } from './scenarios.js';

const log = (line: string) => process.stdout.write(`${line}\n`);

export interface Side {
  /** How the side is named in the table: '' for this checkout, ' (against)' for the other. */
  label: string;
  url: string;
  pid: number | undefined;
}

export interface PairedOptions {
  connections: number;
  warmup: number;
  /** Seconds of each window. */
  window: number;
  rounds: number;
}

/** The comparison of one scenario: this checkout's CPU per request over the other's. */
export interface Comparison {
  scenario: string;
  /** CPU µs per request over all windows of each side. */
  cpuHere: number | null;
  cpuAgainst: number | null;
  /** here / against, per round (rounds where either was not measured are left out). */
  ratios: number[];
  /** Rounds in which this checkout used less CPU per request. */
  lower: number;
}

/** The middle value (the mean of the two middle ones for an even count); null for none. */
export function median(xs: readonly number[]): number | null {
  if (!xs.length) return null;
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** The windows of one side as one measurement: totals, the median p50 and p99, the worst loop lag. */
function combine(s: Scenario, label: string, runs: Measured[]): Measured {
  const requests = runs.reduce((a, r) => a + r.requests, 0);
  const seconds = runs.reduce((a, r) => a + r.durationS, 0);
  const cpuRuns = runs.filter((r) => r.cpuUsPerRequest != null);
  const cpu = cpuRuns.reduce((a, r) => a + (r.cpuUsPerRequest as number) * r.requests, 0);
  const cpuRequests = cpuRuns.reduce((a, r) => a + r.requests, 0);
  const lags = runs.map((r) => r.loopLag).filter((l) => l != null);
  const statuses: Record<string, number> = {};
  for (const r of runs) for (const [k, v] of Object.entries(r.statuses)) statuses[k] = (statuses[k] ?? 0) + v;
  const sum = (f: (r: Measured) => number) => runs.reduce((a, r) => a + f(r), 0);
  return {
    scenario: `${s.name}${label}`,
    group: s.group,
    requests,
    rps: seconds > 0 ? requests / seconds : 0,
    p50: median(runs.map((r) => r.p50)) ?? 0,
    p99: median(runs.map((r) => r.p99)) ?? 0,
    errors: sum((r) => r.errors),
    timeouts: sum((r) => r.timeouts),
    connectionErrors: sum((r) => r.connectionErrors),
    ...(s.expected ? { expected: sum((r) => r.expected ?? 0) } : {}),
    loopLag: lags.length
      ? { p99: Math.max(...lags.map((l) => l.p99)), max: Math.max(...lags.map((l) => l.max)) }
      : null,
    unfinished: sum((r) => r.unfinished),
    statuses,
    durationS: seconds,
    bytesPerAnswer: requests > 0 ? Math.round(sum((r) => r.bytesPerAnswer * r.requests) / requests) : 0,
    cpuUsPerRequest: cpuRequests > 0 ? cpu / cpuRequests : null,
  };
}

/**
 * Run `s` on both sides, alternating. Each side numbers its requests on from where its last
 * window stopped (each has its own copy of the data, so a beneficiary booked on one side is
 * still free on the other).
 */
export async function paired(
  s: Scenario,
  here: Side,
  against: Side,
  o: PairedOptions,
): Promise<{ rows: [Measured, Measured]; comparison: Comparison }> {
  const sides = [here, against];
  const counters = sides.map(() => ({ n: 0 }));
  const runs: Measured[][] = sides.map(() => []);
  for (let round = 0; round < o.rounds; round++) {
    const order = round % 2 === 0 ? [0, 1] : [1, 0];
    for (const i of order) {
      const side = sides[i];
      const warmup = round === 0 ? o.warmup : 0;
      runs[i].push(await measure(s, side.url, o.connections, warmup, o.window, true, side.pid, undefined, counters[i]));
    }
  }
  const ratios: number[] = [];
  for (let round = 0; round < o.rounds; round++) {
    const [a, b] = [runs[0][round].cpuUsPerRequest, runs[1][round].cpuUsPerRequest];
    if (a && b) ratios.push(a / b);
  }
  const rows: [Measured, Measured] = [combine(s, here.label, runs[0]), combine(s, against.label, runs[1])];
  return {
    rows,
    comparison: {
      scenario: s.name,
      cpuHere: rows[0].cpuUsPerRequest ?? null,
      cpuAgainst: rows[1].cpuUsPerRequest ?? null,
      ratios,
      lower: ratios.filter((r) => r < 1).length,
    },
  };
}

/** The summary printed under the table: per scenario, this checkout's CPU per request over the other's. */
export function comparisonTable(comparisons: Comparison[], against: string): string {
  const fmt = (n: number | null, d = 0) => (n === null ? '-' : n.toFixed(d));
  const lines = [`CPU per request, this checkout against ${against} (per round: here / against, in the order run):`];
  for (const c of comparisons) {
    lines.push(
      `  ${c.scenario.padEnd(24)} ${fmt(c.cpuHere)} µs against ${fmt(c.cpuAgainst)} µs; ` +
        `median ${fmt(median(c.ratios), 3)}, lower in ${c.lower} of ${c.ratios.length} rounds ` +
        `[${c.ratios.map((r) => r.toFixed(2)).join(' ')}]`,
    );
  }
  return lines.join('\n');
}

/** The other checkout's side of a `--against` run: its Careslot on the copy of the dataset. */
export class Against {
  private server: Proc | null = null;
  private readonly store: Store;
  private readonly comparisons: Comparison[] = [];

  constructor(
    private readonly o: Options,
    private readonly checkout: string,
    private readonly db: BenchDatabase,
  ) {
    this.store = openStore(db.url, { poolSize: 2 });
  }

  async start(secret: string): Promise<void> {
    this.server = await startCareslot(this.o, this.db.url, secret, undefined, this.checkout, 'careslot-against');
  }

  settle(): Promise<boolean> {
    return this.server ? settle(this.server.url) : Promise.resolve(true);
  }

  /** Scenario `s` on both servers (./paired.ts `paired`): the two rows, the comparison kept for the summary. */
  async run(s: Scenario, careslot: Proc): Promise<Measured[]> {
    if (!this.server) throw new Error('the --against server is not started');
    const { rows, comparison } = await paired(
      s,
      { label: '', url: careslot.url, pid: careslot.child.pid },
      { label: ' (against)', url: this.server.url, pid: this.server.child.pid },
      { connections: this.o.connections, warmup: this.o.warmup, window: this.o.duration, rounds: this.o.rounds },
    );
    this.comparisons.push(comparison);
    const cpu = (m: Measured) => (m.cpuUsPerRequest ? `${Math.round(m.cpuUsPerRequest)} µs` : '-');
    log(
      `${Math.round(rows[0].rps).toLocaleString('en')} req/s, ${cpu(rows[0])} a request; against: ` +
        `${Math.round(rows[1].rps).toLocaleString('en')} req/s, ${cpu(rows[1])}`,
    );
    return rows;
  }

  /** The rush's overbooking check on both databases: the first that fails, or a pass. */
  async checkRush(careslot: Proc, store: Store, centres: { id: number }[]): Promise<OverbookingCheck> {
    await settle(careslot.url);
    await this.settle();
    const ids = centres.map((c) => c.id);
    const [here, there] = [await checkOverbooking(store, ids), await checkOverbooking(this.store, ids)];
    log(`  rush: ${here.pass && there.pass ? 'no slot overbooked on either side' : 'FAIL: a slot overbooked'}`);
    return here.pass ? there : here;
  }

  summary(): string {
    return comparisonTable(this.comparisons, this.checkout);
  }

  json() {
    return {
      checkout: resolve(this.checkout),
      rounds: this.o.rounds,
      window_s: this.o.duration,
      comparisons: this.comparisons,
    };
  }

  async stop(): Promise<void> {
    await this.server?.stop();
  }

  async close(keep: boolean): Promise<void> {
    await this.stop();
    await this.store.close();
    if (keep) log(`database kept: ${this.db.url}`);
    else
      await this.db
        .drop()
        .catch((err) => process.stderr.write(`bench: could not drop the --against copy: ${err.message}\n`));
  }
}
