// The CPU time a server under test has used: user + system time of every thread of its process
// and of the processes it started (cluster mode's workers), from Linux's /proc. Reported per
// request, it says what a scenario costs the server whatever the machine's speed at that
// moment, which the ratio to the ceiling cannot: this machine's ceiling moves by up to 40 %
// within one run. Null where /proc is missing (not Linux) or the process is gone.
import { readdirSync, readFileSync } from 'node:fs';

/** Linux's USER_HZ: /proc counts CPU time in ticks of 10 ms on every platform it runs on. */
const TICK_US = 10_000;

function ticksOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // After "pid (comm) ", field 3 (state) is index 0: utime is field 14, stime field 15.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[11]) + Number(fields[12]);
}

function childrenOf(pid: number): number[] {
  const out: number[] = [];
  for (const task of readdirSync(`/proc/${pid}/task`)) {
    const listed = readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim();
    if (listed) for (const child of listed.split(' ')) out.push(Number(child));
  }
  return out;
}

/** CPU µs used so far by `pid` and its descendants, or null if that cannot be read. */
export function cpuMicros(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  try {
    let ticks = 0;
    const pending = [pid];
    for (let p = pending.pop(); p !== undefined; p = pending.pop()) {
      ticks += ticksOf(p);
      pending.push(...childrenOf(p));
    }
    return ticks * TICK_US;
  } catch {
    return null;
  }
}
