// `--workers N`: N Careslot processes behind Node's cluster module, sharing one port and
// one database (PostgreSQL). Run as `node --import tsx bench/cluster.ts` with the same
// environment as `careslot serve` plus CARESLOT_WORKERS. Each worker runs the compiled
// `careslot serve` (bin/careslot.js → dist/), like a deployment, without tsx.
import cluster from 'node:cluster';

const workers = Number(process.env.CARESLOT_WORKERS ?? 2);

if (cluster.isPrimary) {
  // Keep the primary's other flags (--cpu-prof …) but not the TypeScript loader.
  const execArgv: string[] = [];
  for (let i = 0; i < process.execArgv.length; i++) {
    const a = process.execArgv[i];
    if (a === '--import' && process.execArgv[i + 1] === 'tsx') i++;
    else if (a !== '--import=tsx') execArgv.push(a);
  }
  cluster.setupPrimary({ exec: 'bin/careslot.js', args: ['serve'], execArgv });
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
    const check = setInterval(() => {
      if (Object.keys(cluster.workers ?? {}).length === 0) {
        clearInterval(check);
        process.exit(0);
      }
    }, 100);
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}
