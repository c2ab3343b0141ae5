// Start-up and shutdown of the HTTP server: migrate, load the sandbox on an empty database,
// listen, print where everything is, and on SIGTERM/SIGINT finish in-flight requests and
// close the database before exiting.
import closeWithGrace from 'close-with-grace';
import { buildApp, openAppStore } from './app.js';
import type { Config } from './config.js';
import { isSeeded, sandboxCredentials, seedSandbox } from './sandbox/index.js';
import { extendSandbox } from './sandbox/refresh.js';
import { migrate } from './store/index.js';
import { startTokenWorker } from './core/shared/tokens.js';

/**
 * Connections the kernel may hold for us before we accept them (capped by net.core.somaxconn).
 * Node's default, 511, overflowed when 1,000 clients connected at once during a busy moment (the
 * bench's rush): the kernel dropped their handshakes and they retried after 1, 3, 7, 15 s.
 */
const LISTEN_BACKLOG = 4096;

export async function serve(config: Config): Promise<void> {
  // Opened here, not by buildApp, because the server migrates and seeds it before listening.
  const store = openAppStore(config);
  const app = await buildApp(config, { store });
  try {
    const migrated = await migrate(store);
    if (migrated.applied.length) app.log.info({ applied: migrated.applied }, 'database migrated');
    if (config.autoSeed && !(await isSeeded(store))) {
      app.log.info('empty database: loading the sandbox dataset');
      const summary = await seedSandbox(store, config, { centres: config.sandboxCentres });
      app.log.info({ ...summary }, 'sandbox dataset loaded');
    } else if (config.autoSeed) {
      const added = await extendSandbox(store);
      if (added) app.log.info({ slots: added }, 'sandbox sessions extended to the next 14 days');
    }
  } catch (err) {
    app.log.fatal({ err }, 'could not prepare the database');
    await app.close();
    await store.close();
    process.exitCode = 1;
    return;
  }

  closeWithGrace(
    // biome-ignore lint/suspicious/noExplicitAny: close-with-grace types its logger as pino's; ours logs through Fastify's
    { delay: 10_000, logger: { error: (m: unknown) => app.log.error(m) } as any },
    async ({ signal, err }) => {
      if (err) app.log.error({ err }, 'shutting down after an error');
      else app.log.info({ signal }, 'shutting down: finishing in-flight requests');
      await app.close(); // stops accepting connections, waits for in-flight requests
      await store.close();
    },
  );

  startTokenWorker();
  await app.listen({ host: config.host, port: config.port, backlog: LISTEN_BACKLOG });
  const base = config.publicUrl;
  const lines = [
    '',
    `Careslot is running (${config.mode} mode, ${store.dialect === 'sqlite' ? config.databaseUrl : 'PostgreSQL'})`,
    `  API hub (docs, live samples)  ${base}/docs`,
    `  Operator console              ${base}/console`,
    `  OpenAPI document              ${base}/openapi.json`,
    `  Registration & Appointment    ${base}/api/v1/`,
    `  Kids Vaccination              ${base}${config.kidsPrefix}/`,
    `  Video Consultation            ${base}${config.videoPrefix}/`,
    `  Health / readiness / metrics  ${base}/healthz  ${base}/readyz  ${base}/metrics`,
  ];
  if (config.mode === 'sandbox') {
    const creds = await sandboxCredentials(store, config);
    const keys = Object.keys(creds);
    if (keys.length) {
      lines.push('', 'Sandbox credentials:');
      const width = Math.max(...keys.map((k) => k.length));
      for (const k of keys) lines.push(`  ${k.padEnd(width)}  ${creds[k]}`);
    }
  }
  process.stdout.write(`${lines.join('\n')}\n\n`);
}
