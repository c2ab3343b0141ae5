// Starting and stopping the servers under test as separate processes, each with its own
// log file under bench/results/.
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { resolve } from 'node:path';

export interface Proc {
  name: string;
  port: number;
  url: string;
  child: ChildProcess /** Date.now() when it was spawned. */;
  spawnedAt: number;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => ok(port));
    });
  });
}

async function waitFor(
  url: string,
  child: ChildProcess,
  name: string,
  timeoutMs: number,
  logFile: string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(`${name} exited with code ${child.exitCode} before it was ready; see ${logFile}`);
    try {
      const res = await fetch(url);
      await res.arrayBuffer();
      if (res.status < 500) return;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${name} was not ready after ${timeoutMs / 1000} s; see ${logFile}`);
}

export async function startProcess(
  name: string,
  args: string[],
  env: Record<string, string>,
  readyPath: string,
  port: number,
): Promise<Proc> {
  const dir = resolve('bench/results');
  mkdirSync(dir, { recursive: true });
  const logFile = resolve(dir, `${name}.log`);
  const log = createWriteStream(logFile);
  const spawnedAt = Date.now();
  const child = spawn(process.execPath, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout!.pipe(log);
  child.stderr!.pipe(log);
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(timer);
  };
  try {
    await waitFor(url + readyPath, child, name, 60_000, logFile);
  } catch (err) {
    await stop();
    throw err;
  }
  return { name, port, url, child, spawnedAt, stop };
}
