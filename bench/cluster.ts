// `--workers N`: N Careslot processes behind Node's cluster module, sharing one port and
// one database (PostgreSQL). Run as `node --import tsx bench/cluster.ts` with the same
// environment as `careslot serve` plus CARESLOT_WORKERS.
import cluster from 'node:cluster';
import { loadConfig } from '../src/config.js';
import { serve } from '../src/server.js';

const workers = Number(process.env.CARESLOT_WORKERS ?? 2);

if (cluster.isPrimary) {
  let ready = 0;
  for (let i = 0; i < workers; i++) cluster.fork();
  cluster.on('listening', () => {
    if (++ready === workers) process.stdout.write(`cluster ready: ${workers} workers\n`);
  });
  cluster.on('exit', (worker, code, signal) => {
    if (!shuttingDown) process.stderr.write(`worker ${worker.process.pid} exited (${signal ?? code})\n`);
  });
  let shuttingDown = false;
  const stop = () => {
    shuttingDown = true;
    for (const w of Object.values(cluster.workers ?? {})) w?.process.kill('SIGTERM');
    const check = setInterval(() => { if (Object.keys(cluster.workers ?? {}).length === 0) { clearInterval(check); process.exit(0); } }, 100);
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
} else {
  await serve(loadConfig());
}
