// `npm run bench -- --perf`: Linux `perf` records the Careslot process over each scenario's
// measured run (not its warm-up), its JavaScript functions named: Careslot then runs under
// `--perf-basic-prof`, which writes /tmp/perf-<pid>.map for perf to read. A V8 profile
// (`--profile`) stops at the JavaScript function that called into C++; perf also sees what
// runs below it (SQLite's C code, the kernel's side of each system call) and the process's
// other threads (the WAL checkpointer, the garbage collector). The records land in
// bench/results/perf/<scenario>.data, and summary.txt has the top shared objects and symbols
// of each; `perf report -i FILE` shows the call graphs.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { basename, resolve } from 'node:path';

export const PERF_DIR = resolve('bench/results/perf');

/** What `measure` (./load.ts) starts after the warm-up and stops after the measured run. */
export interface LoadRecorder {
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** Whether `perf` runs here (a Linux tool; Debian's package is `linux-perf`). */
export function perfAvailable(): boolean {
  return spawnSync('perf', ['--version'], { stdio: 'ignore' }).status === 0;
}

/** Record process `pid` with call graphs into `file`, from `start()` until `stop()`. */
export function perfRecorder(pid: number, file: string): LoadRecorder {
  let child: ChildProcess | undefined;
  return {
    async start() {
      child = spawn('perf', ['record', '-F', '999', '-g', '-p', String(pid), '-o', file], { stdio: 'ignore' });
      // perf says nothing once it is attached: give it a moment before the load starts.
      await new Promise((r) => setTimeout(r, 300));
    },
    async stop() {
      if (!child || child.exitCode !== null) return;
      const exited = once(child, 'exit');
      child.kill('SIGINT'); // perf writes the record out and exits
      await exited;
    },
  };
}

/** The top shared objects and symbols of a record by self time, as text (perf's own words on failure). */
export function perfSummary(file: string, minPercent = 0.5): string {
  const report = (sort: string) => {
    const r = spawnSync(
      'perf',
      [
        'report',
        '-i',
        file,
        '--no-children',
        '--sort',
        sort,
        '-q',
        '-g',
        'none',
        '--percent-limit',
        String(minPercent),
      ],
      { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
    );
    const lines = (r.stdout ?? '').split('\n').filter((l) => l.trim());
    return lines.length ? lines.map((l) => `  ${l.trim()}`) : [`  (no samples: ${(r.stderr ?? '').trim()})`];
  };
  return [
    `${basename(file)}: self time, % of samples (at least ${minPercent} %)`,
    ' by shared object:',
    ...report('dso'),
    ' by symbol ([k] kernel, [.] user space; JS:*name is optimised JavaScript):',
    ...report('sym'),
  ].join('\n');
}
