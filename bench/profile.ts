// Summarises a V8 .cpuprofile (from `node --cpu-prof`): where the server's CPU time went,
// by package or source file and by function (self time). Used by `npm run bench -- --profile`
// and on its own: `node --import tsx bench/profile.ts FILE.cpuprofile [top] [from-s [to-s]]`.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';

/** Where `npm run bench -- --profile` writes each scenario's profiles and their summary. */
export const PROFILES = resolve('bench/results/profiles');

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}
interface Profile {
  nodes: Node[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

export function owner(url: string, fn: string): string {
  if (!url) return fn.startsWith('(') ? fn : '(native)';
  const nm = url.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const rest = url.slice(nm + 'node_modules/'.length).split('/');
    return rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
  }
  if (url.startsWith('node:')) return url.split('/').slice(0, 3).join('/'); // e.g. node:internal/crypto
  // The server runs the compiled dist/ (npm run build); its files are named as their src/ sources.
  const src = Math.max(url.indexOf('/src/'), url.indexOf('/dist/'));
  if (src >= 0) return `src/${url.slice(url.indexOf('/', src + 1) + 1).replace(/\.js$/, '.ts')}`;
  return url.replace(/^file:\/\//, '');
}

export interface Summary {
  totalMs: number;
  idlePct: number;
  byOwner: [string, number][];
  byFunction: [string, number][];
  /** Careslot's own functions (src/) by inclusive time: where in our code the time is spent. */
  ourInclusive: [string, number][];
}

/** Milliseconds from the start of the profile (≈ process start): the load phase to count. */
export interface Window {
  fromMs: number;
  toMs: number;
}

/**
 * Count only the samples inside `window` (the load phase), leaving out start-up (TypeScript
 * loading, schema compilation) and shutdown (writing the profile itself).
 */
export function summarise(file: string, top = 15, window?: Window): Summary {
  const p = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const from = window ? p.startTime + window.fromMs * 1000 : -Infinity;
  const to = window ? p.startTime + window.toMs * 1000 : Infinity;
  const hitsById = new Map<number, number>();
  let t = p.startTime;
  let totalHits = 0;
  for (let i = 0; i < p.samples.length; i++) {
    t += p.timeDeltas[i] ?? 0;
    if (t < from || t > to) continue;
    totalHits++;
    hitsById.set(p.samples[i], (hitsById.get(p.samples[i]) ?? 0) + 1);
  }
  totalHits ||= 1;
  const totalMs = (Math.min(p.endTime, to) - Math.max(p.startTime, from)) / 1000;
  const owners = new Map<string, number>();
  const fns = new Map<string, number>();
  let idle = 0;
  for (const n of p.nodes) {
    const hits = hitsById.get(n.id) ?? 0;
    if (!hits) continue;
    const { functionName, url, lineNumber } = n.callFrame;
    if (functionName === '(idle)') {
      idle += hits;
      continue;
    }
    const o = owner(url, functionName);
    owners.set(o, (owners.get(o) ?? 0) + hits);
    const key = `${functionName || '(anonymous)'} ${o}${url && !o.startsWith('src/') ? `:${lineNumber + 1}` : ''}`;
    fns.set(key, (fns.get(key) ?? 0) + hits);
  }
  // Inclusive time of our own functions: walk each sampled stack up to the root.
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const ours = new Map<string, number>();
  for (const [id, hits] of hitsById) {
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const f = byId.get(cur)!.callFrame;
      const o = owner(f.url, f.functionName);
      if (!o.startsWith('src/')) continue;
      // (tsx compiles each file to one line, so line numbers say nothing here)
      const key = `${f.functionName || '(anonymous)'} ${o}`;
      if (seen.has(key)) continue;
      seen.add(key);
      ours.set(key, (ours.get(key) ?? 0) + hits);
    }
  }
  const pct = (m: Map<string, number>) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([k, v]) => [k, Math.round((v / totalHits) * 1000) / 10] as [string, number]);
  return {
    totalMs,
    idlePct: Math.round((idle / totalHits) * 1000) / 10,
    byOwner: pct(owners),
    byFunction: pct(fns),
    ourInclusive: pct(ours),
  };
}

export function formatSummary(name: string, s: Summary): string {
  return [
    `${name}: ${(s.totalMs / 1000).toFixed(1)} s profiled, ${s.idlePct}% idle`,
    '  by package / file (self time, % of samples):',
    ...s.byOwner.map(([k, v]) => `    ${String(v).padStart(5)}%  ${k}`),
    '  by function:',
    ...s.byFunction.map(([k, v]) => `    ${String(v).padStart(5)}%  ${k}`),
    '  our code (src/), inclusive of what it calls synchronously (work after an await is not counted):',
    ...s.ourInclusive.map(([k, v]) => `    ${String(v).padStart(5)}%  ${k}`),
  ].join('\n');
}

export interface Profiled {
  name: string;
  window: Window;
}

/** Summaries of each scenario's main-thread profiles, over its load phase only. */
export function profileSummaries(profiled: Profiled[]): string {
  const out: string[] = [];
  for (const { name, window } of profiled) {
    const dir = resolve(PROFILES, name);
    // CPU.<date>.<time>.<pid>.<thread>.<seq>.cpuprofile: thread 0 is the main thread.
    const files = existsSync(dir) ? readdirSync(dir).filter((f) => /\.\d+\.0\.\d+\.cpuprofile$/.test(f)) : [];
    for (const f of files) out.push(formatSummary(`${name}/${f}`, summarise(resolve(dir, f), 12, window)));
  }
  return out.join('\n\n');
}

if (process.argv[1]?.endsWith('profile.ts')) {
  const file = process.argv[2];
  if (!file) {
    process.stderr.write('usage: node --import tsx bench/profile.ts FILE.cpuprofile [top] [from-s [to-s]]\n');
    process.exit(2);
  }
  const window = process.argv[4]
    ? { fromMs: Number(process.argv[4]) * 1000, toMs: Number(process.argv[5] ?? Infinity) * 1000 }
    : undefined;
  process.stdout.write(`${formatSummary(file, summarise(file, Number(process.argv[3] ?? 15), window))}\n`);
}
