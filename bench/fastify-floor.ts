// The framework floor: a bare Fastify server with a logger at `warn` (as the bench runs
// Careslot) and one route answering the ceiling's fixed JSON body. No Careslot code runs in
// it, so the gap between it and the ceiling (bench/ceiling.ts) is what Fastify itself costs
// per request on this machine, and no Careslot route can be faster than it.
// Run as its own process: `node --import tsx bench/fastify-floor.ts PORT` (prints "ready").
import Fastify from 'fastify';
import { ceilingBody } from './ceiling.js';

if (process.argv[1]?.endsWith('fastify-floor.ts')) {
  const port = Number(process.argv[2] ?? 0);
  const body = ceilingBody();
  const app = Fastify({ logger: { level: 'warn' } });
  app.get('/', (_req, reply) => {
    reply.type('application/json; charset=utf-8').send(body);
  });
  app.server.keepAliveTimeout = 72_000;
  await app.listen({ port, host: '127.0.0.1' });
  process.stdout.write('ready\n');
  process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));
}
