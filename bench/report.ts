// The results table printed at the end of a run, and bench/results/latest.json.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, platform, release, totalmem } from 'node:os';
import { resolve } from 'node:path';
import type { ContentionResult } from './contention.js';
import type { Measured } from './load.js';
import type { OverbookingCheck } from './rush.js';

export interface Row extends Measured {
  ratio: number | null;
  /**
   * The server's CPU per request in the ceiling's (the cheaper of its two runs): what a request
   * costs in bare node:http requests, whatever bounds its req/s and mostly whatever the
   * machine's speed in this run.
   */
  cpuInCeilings: number | null;
}

/**
 * Each result as a fraction of the ceiling. The ceiling is measured at the start and again at
 * the end of a run (the machine's speed drifts during a run); the faster of the two counts, so
 * a slow moment of the ceiling never flatters the ratios. Its cheaper CPU per request is the
 * unit of `cpuInCeilings`, for the same reason.
 */
export function withRatios(results: Measured[]): Row[] {
  const ceilingRuns = results.filter((r) => r.group === 'ceiling');
  const ceiling = ceilingRuns.length ? Math.max(...ceilingRuns.map((r) => r.rps)) : 0;
  const cpus = ceilingRuns.map((r) => r.cpuUsPerRequest ?? 0).filter((c) => c > 0);
  const cpu = cpus.length ? Math.min(...cpus) : 0;
  return results.map((r) => ({
    ...r,
    ratio: ceiling > 0 ? r.rps / ceiling : null,
    cpuInCeilings: cpu > 0 && r.cpuUsPerRequest ? r.cpuUsPerRequest / cpu : null,
  }));
}

const fmt = (n: number, digits = 0) =>
  n.toLocaleString('en', { maximumFractionDigits: digits, minimumFractionDigits: digits });

function topStatuses(statuses: Record<string, number>): string {
  return Object.entries(statuses)
    .filter(([s]) => !s.startsWith('2'))
    .sort((a, b) => b[1] - a[1])
    .slice(0, 3)
    .map(([s, n]) => `${s}×${fmt(n)}`)
    .join(' ');
}

const lagCell = (r: Row) => (r.loopLag ? `${fmt(r.loopLag.p99, 1)} / ${fmt(r.loopLag.max, 1)}` : '-');

export function table(rows: Row[], contention: ContentionResult | null, rush: OverbookingCheck | null = null): string {
  const head = [
    'scenario',
    'req/s',
    'p50 ms',
    'p99 ms',
    'errors',
    '× ceiling',
    'non-2xx',
    'loop lag p99/max ms',
    'B/answer',
    'CPU µs/req',
    'CPU × ceiling',
  ];
  const NON_2XX = 6;
  const body = rows.map((r) => [
    r.scenario,
    fmt(r.rps),
    fmt(r.p50, 1),
    fmt(r.p99, 1),
    fmt(r.errors),
    r.ratio === null ? '-' : r.ratio.toFixed(2),
    [
      topStatuses(r.statuses),
      r.expected !== undefined ? `${fmt(r.expected)} expected 409 full` : '',
      r.scenario === 'rush' && rush
        ? `${rush.pass ? 'no overbooking' : 'OVERBOOKED'} (${fmt(rush.slots)} slots, ${fmt(rush.booked)} seats booked)`
        : '',
      r.unfinished > r.requests ? `${fmt(r.unfinished)} still unanswered at the end` : '',
      r.timeouts ? `${fmt(r.timeouts)} timed out (10 s)` : '',
      r.connectionErrors ? `${fmt(r.connectionErrors)} connection errors` : '',
    ]
      .filter(Boolean)
      .join('; '),
    lagCell(r),
    r.bytesPerAnswer ? fmt(r.bytesPerAnswer) : '-',
    r.cpuUsPerRequest ? fmt(r.cpuUsPerRequest) : '-',
    r.cpuInCeilings === null ? '-' : fmt(r.cpuInCeilings, 1),
  ]);
  if (contention) {
    body.push([
      `contention ${contention.requests}→${contention.seats} seats`,
      fmt(contention.requests / (contention.ms / 1000)),
      '-',
      fmt(contention.ms, 0),
      fmt(Object.values(contention.other).reduce((a, b) => a + b, 0)),
      '-',
      `${contention.pass ? 'PASS' : 'FAIL'}: ${contention.succeeded} ok, ${contention.conflicts}×409, booked ${contention.bookedInDatabase}${Object.keys(contention.other).length ? `, other ${JSON.stringify(contention.other)}` : ''}`,
      '-',
      '-',
      '-',
      '-',
    ]);
  }
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === 0 || i === NON_2XX ? c.padEnd(widths[i]) : c.padStart(widths[i])))
      .join('  ')
      .trimEnd();
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}

export function machine() {
  const cpu = cpus();
  let commit: string | null = null;
  try {
    commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
  } catch {
    /* not a git checkout */
  }
  return {
    cpu: cpu[0]?.model ?? 'unknown',
    cores: cpu.length,
    memory_gb: Math.round(totalmem() / 2 ** 30),
    os: `${platform()} ${release()}`,
    load_average_at_start: loadavg().map((l) => Number(l.toFixed(2))),
    node: process.version,
    commit,
  };
}

export function writeResults(doc: Record<string, unknown>): string {
  const dir = resolve('bench/results');
  mkdirSync(dir, { recursive: true });
  const file = resolve(dir, 'latest.json');
  writeFileSync(file, `${JSON.stringify(doc, null, 2)}\n`);
  return file;
}
