// Builds the Fastify application from a typed config. Start-up, listening and shutdown
// live in ./server.ts; the CLI in ./main.ts.
import formbody from '@fastify/formbody';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { registerDocs } from './api/docs.js';
import { installFallbackErrors, rejectNulCharacters } from './api/errors.js';
import { FastReads } from './api/fast-reads.js';
import { registerApis } from './api/index.js';
import { requestIdOf } from './api/request-id.js';
import { systemRoutes } from './api/system/routes.js';
import type { Config } from './config.js';
import type { CentreFilter } from './core/cowin/centres.js';
import {
  cannotWatchExternalWrites,
  hearExternalWrites,
  seeExternalWrites,
  watchExternalWrites,
} from './core/scheduling/changes.js';
import { startJobs, type Jobs } from './jobs.js';
import { countEvent, createMetrics, type Metrics } from './observability.js';
import { onCommittedEvent } from './core/scheduling/events.js';
import { systemNow } from './core/shared/time.js';
import { type ChangeListener, openStore, type Store } from './store/index.js';

declare module 'fastify' {
  interface FastifyInstance {
    config: Config;
    store: Store;
    metrics: Metrics;
    /** The app's clock: routes that judge a request against today take `now` from it (tests set it). */
    now(): Date;
    /** The start-up load of the availability read model (./jobs.ts), as /readyz reports it. */
    readModel: {
      state: 'not loaded at start' | 'loading' | 'loaded' | 'failed';
      /** Renderers of listings, run once the data is loaded with every pincode, block and district filter. */
      prerenders: ((filters: readonly CentreFilter[], stopped: () => boolean) => Promise<void>)[];
    };
    /** PostgreSQL: the connection that LISTENs for other processes' change notices. */
    changeListener?: ChangeListener;
    /** The hottest reads, answered around Fastify when they can be (./api/fast-reads.ts). */
    fastReads: FastReads;
  }
}

export interface AppOptions {
  /** Use this store (the caller closes it); otherwise the app opens one and closes it on close. */
  store?: Store;
  logger?: FastifyServerOptions['logger'];
  /** The clock (tests); the wall clock by default. */
  now?: () => Date;
}

export function loggerOptions(config: Config): FastifyServerOptions['logger'] {
  const base = {
    level: config.logLevel,
    redact: { paths: ['req.headers.authorization', 'req.headers.cmt', 'req.headers.cookie'], censor: '[redacted]' },
  };
  return process.stdout.isTTY
    ? {
        ...base,
        transport: { target: 'pino-pretty', options: { translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname' } },
      }
    : base;
}

/**
 * The store a server runs on: on a SQLite file, WAL checkpoints run in a worker thread
 * (store/checkpointer.ts), never inside a request's commit.
 */
export function openAppStore(config: Config): Store {
  return openStore(config.databaseUrl, { poolSize: config.pgPoolSize, checkpointInBackground: true });
}

export async function buildApp(config: Config, options: AppOptions = {}): Promise<FastifyInstance> {
  const fastReads = new FastReads(config.fastReads, config.trustProxy);
  const app = Fastify({
    // The HTTP server Fastify would make, with the read path around it in front (requests
    // through inject() never take it).
    serverFactory: fastReads.serverFactory,
    logger: options.logger ?? loggerOptions(config),
    genReqId: (req) => requestIdOf(req.headers),
    trustProxy: config.trustProxy,
    bodyLimit: 1024 * 1024,
    // verbose: each error carries the schema that failed, so messages can quote its examples (api/validation.ts).
    ajv: { customOptions: { allErrors: false, verbose: true } },
    // Long path parameters reach the routes, whose schemas and guards answer in the dialect's
    // envelope (auth first), instead of the router's own 414 body.
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 2048 },
  }).withTypeProvider<TypeBoxTypeProvider>();

  const store = options.store ?? openAppStore(config);
  app.decorate('config', config);
  app.decorate('store', store);
  app.decorate('metrics', createMetrics());
  app.decorate('now', options.now ?? systemNow);
  app.decorate('fastReads', fastReads);
  app.decorate('readModel', {
    state: 'not loaded at start' as FastifyInstance['readModel']['state'],
    prerenders: [] as FastifyInstance['readModel']['prerenders'],
  });
  // Booking and payment counts, after each change commits (core/scheduling/events.ts).
  const unhear = onCommittedEvent((e) => countEvent(app.metrics, e));

  // Hooks on every request are synchronous (no promise per hook per request).
  app.addHook('onRequest', (req, reply, done) => {
    reply.header('x-request-id', req.id);
    seeExternalWrites();
    done();
  });
  app.addHook('onResponse', (req, reply, done) => {
    app.metrics.observeRequest(
      req.method,
      req.routeOptions.url ?? 'unmatched',
      reply.statusCode,
      reply.elapsedTime / 1000,
    );
    done();
  });

  installFallbackErrors(app);
  rejectNulCharacters(app);
  await app.register(formbody);
  await registerDocs(app, config);
  await app.register(systemRoutes);
  await registerApis(app);

  // Background jobs (hold sweep, video slot regeneration): see ./jobs.ts.
  let jobs: Jobs | undefined;
  // Availability caches hear of other processes' commits through SQLite's data_version, or
  // PostgreSQL's change notices (one LISTEN connection per app); without either they keep
  // their time to live (core/scheduling/changes.ts).
  let unwatch: () => void | Promise<void>;
  if (store.externalWrites) unwatch = watchExternalWrites(store.externalWrites);
  else if (store.listenForChanges) {
    const listener = hearExternalWrites(store.listenForChanges);
    app.decorate('changeListener', listener);
    unwatch = () => listener.close();
  } else unwatch = cannotWatchExternalWrites();
  app.addHook('onReady', async () => {
    // LISTEN first, then load the read model (./jobs.ts): no change can fall between.
    await app.changeListener?.ready;
    jobs = startJobs(app);
  });
  app.addHook('preClose', (done) => {
    fastReads.close();
    done();
  });
  app.addHook('onClose', async () => {
    await unwatch();
    unhear();
    jobs?.stop();
    if (!options.store) await store.close();
  });
  return app;
}
