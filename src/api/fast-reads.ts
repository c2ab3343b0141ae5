// The read path around Fastify (issue 11). On this machine bare Fastify costs more CPU per
// request than a whole cached availability answer does (docs/performance.md, "the Fastify
// floor"), so the hottest reads are answered straight from node:http when, and only when,
// their answer is already kept and the request is one their Fastify route would answer 200:
//
// - a GET of a path a dialect registered (exactly, no trailing slash or escapes), no body;
// - a query of plain strings (no repeated key, no NUL), which the dialect's answer parses with
//   the route's own parsers: a value the route would refuse leaves the request to Fastify;
// - credentials the dialect can judge without I/O (a token whose signature was checked
//   before, an account whose state is kept), or none where the route needs none;
// - under its rate limits, counted as the route counts them (per address before
//   authentication, per principal after), on the same limiter;
// - an answer the dialect's cache holds and would serve now, or (time slots, v2 sessions,
//   video slots) one it renders at once from what it keeps in memory, current: no SQL, no waiting.
//
// Everything else goes to Fastify untouched, which answers exactly as it always did: errors,
// reads that need the database, new tokens, HEAD, every write. What an answer here carries is
// what the route's would: status 200, the request id, the scope's security headers, the same
// JSON text and content type; and what a request leaves behind is the same too: the rate-limit
// count, the request-duration metric under the route's URL, and (at LOG_LEVEL info or lower)
// Fastify's two log lines with the same fields. test/system/fast-reads.test.ts holds each
// answer against Fastify's. FAST_READS=0 turns this off.
//
// A signed read sent as a POST (kids /browse) is answered here too: ./fast-posts.ts.
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import proxyAddr from '@fastify/proxy-addr';
import type { FastifyBaseLogger, FastifyInstance, FastifyServerOptions } from 'fastify';
import { parse } from 'fast-querystring';
import { seeExternalWrites } from '../core/scheduling/changes.js';
import type { RateLimiter, RateRule } from '../core/shared/rate-limits.js';
import type { Metrics } from '../observability.js';
import { hasCredentials } from './bearer.js';
import { type FastPost, FastPosts } from './fast-posts.js';
import { requestIdOf } from './request-id.js';

export type FastQuery = Readonly<Record<string, string>>;

/**
 * A dialect's answer to one read, or undefined to leave the request to Fastify. `principal`
 * is whom the request counts against once authenticated (`kind:id`, as the route's guard
 * names it for ./rate-limit.ts), null when the route authenticates nobody.
 */
export type FastAnswer = (
  query: FastQuery,
  req: IncomingMessage,
) => { text: string | Buffer; principal: string | null } | undefined;

/** The rate limits of the API scope (./rate-limit.ts), which fast answers count against too. */
export interface FastLimits {
  limiter: RateLimiter;
  ipRule: RateRule;
  principalRule: RateRule;
}

export interface Host {
  log: FastifyBaseLogger;
  metrics: Metrics;
  /** The security headers of the API scope, as name/value pairs in the order Fastify sends them. */
  headers: string[];
  limits: FastLimits | undefined;
}

/** The levels at which Fastify logs each request (at info). */
const LOGS_REQUESTS = new Set(['info', 'debug', 'trace']);

export class FastReads {
  private readonly routes = new Map<string, FastAnswer>();
  private readonly posts = new FastPosts(this);
  private host: Host | undefined;
  private closing = false;
  private readonly trust: ((addr: string, i: number) => boolean) | undefined;
  /** Requests answered here (for tests and the docs; not a metric). */
  answered = 0;

  constructor(
    private readonly enabled: boolean,
    trustProxy: boolean | string,
  ) {
    // Fastify's own reading of its trustProxy option (lib/request.js), for the same req.ip.
    if (trustProxy === true) this.trust = () => true;
    else if (typeof trustProxy === 'string') this.trust = proxyAddr.compile(trustProxy.split(',').map((s) => s.trim()));
  }

  /** Answer GET `path` (one of a route's URLs) with `answer` when it can. */
  add(path: string, answer: FastAnswer): void {
    if (this.routes.has(path)) throw new Error(`fast read ${path} registered twice`);
    this.routes.set(path, answer);
  }

  /**
   * Answer POST `path` (one of `scope`'s route URLs) with `answer` when it can (./fast-posts.ts);
   * `scope` gets the hook that gives Fastify a body already read here.
   */
  addPost(scope: FastifyInstance, path: string, answer: FastPost): void {
    this.posts.add(scope, path, answer);
  }

  /** The API scope's host while answering here, else undefined (not open yet, closing, or off). */
  get answering(): Host | undefined {
    return this.enabled && !this.closing ? this.host : undefined;
  }

  /** Start answering, in the API scope's logger, metrics, headers and limits. */
  open(host: Host): void {
    this.host = host;
  }

  /** Stop answering (the app is closing: Fastify answers 503 from now on). */
  close(): void {
    this.closing = true;
  }

  /** Fastify's `serverFactory`: the HTTP server Fastify would create, this path in front. */
  serverFactory = (
    handler: (req: IncomingMessage, res: ServerResponse) => void,
    opts: FastifyServerOptions,
  ): http.Server => {
    const server = http.createServer((req, res) => {
      if (!this.handle(req, res, handler)) handler(req, res);
    });
    // As Fastify sets up its own (lib/server.js), with its defaults already applied to opts.
    server.keepAliveTimeout = opts.keepAliveTimeout!;
    server.requestTimeout = opts.requestTimeout!;
    server.setTimeout(opts.connectionTimeout!);
    if (opts.maxRequestsPerSocket! > 0) server.maxRequestsPerSocket = opts.maxRequestsPerSocket!;
    return server;
  };

  /**
   * Answer `req` here if it can be; false leaves it, untouched, to Fastify. A POST taken here
   * (true) is answered here or handed to `fastify` later.
   */
  handle(
    req: IncomingMessage,
    res: ServerResponse,
    fastify: (req: IncomingMessage, res: ServerResponse) => void,
  ): boolean {
    const host = this.answering;
    if (!host) return false;
    if (req.method === 'POST') return this.posts.take(req, res, host, fastify);
    if (req.method !== 'GET') return false;
    const url = req.url ?? '';
    const mark = url.indexOf('?');
    const path = mark < 0 ? url : url.slice(0, mark);
    const answer = this.routes.get(path);
    if (!answer) return false;
    if ((req.headers['content-length'] ?? '0') !== '0' || req.headers['transfer-encoding'] !== undefined) return false;
    const start = performance.now();
    const query = mark < 0 ? {} : plainQuery(url.slice(mark + 1));
    if (!query) return false;

    seeExternalWrites();
    const ip = this.ipOf(req);
    const credentials = hasCredentials(req.headers);
    const limits = host.limits;
    if (limits && credentials && limits.limiter.check(`ip:${ip}`, limits.ipRule) !== null) return false;
    let found: ReturnType<FastAnswer>;
    try {
      found = answer(query, req);
    } catch {
      return false; // the route's parsers refused something: Fastify answers in the dialect's envelope
    }
    if (!found) return false;
    if (limits) {
      if (!credentials && limits.limiter.take(`ip:${ip}`, limits.ipRule) !== null) return false;
      if (found.principal !== null && limits.limiter.take(found.principal, limits.principalRule) !== null) return false;
    }

    this.send(req, res, host, path, found.text, ip, start);
    return true;
  }

  /**
   * Send `text` (a kept answer's bytes, or a string) as the route's 200 (with `extra` headers,
   * name, value, …, that the route adds), and leave what the route leaves: the metric and the
   * log lines.
   */
  send(
    req: IncomingMessage,
    res: ServerResponse,
    host: Host,
    path: string,
    text: string | Buffer,
    ip: string,
    start: number,
    extra: readonly string[] = [],
  ) {
    const id = requestIdOf(req.headers);
    res.writeHead(200, [
      'x-request-id',
      id,
      ...host.headers,
      ...extra,
      'content-type',
      'application/json; charset=utf-8',
      'content-length',
      String(typeof text === 'string' ? Buffer.byteLength(text) : text.length),
    ]);
    res.end(text);
    this.answered++;
    host.metrics.observeRequest(req.method ?? 'GET', path, 200, (performance.now() - start) / 1000);
    if (LOGS_REQUESTS.has(host.log.level)) this.logLikeFastify(host.log, id, req, ip, start);
  }

  /** Fastify's client address (req.ip), under the same trustProxy. */
  ipOf(req: IncomingMessage): string {
    return this.trust ? proxyAddr(req, this.trust) : (req.socket.remoteAddress ?? '');
  }

  /** Fastify's request logging: "incoming request" and "request completed", with its serializers. */
  private logLikeFastify(log: FastifyBaseLogger, reqId: string, req: IncomingMessage, ip: string, start: number) {
    const child = log.child({ reqId });
    const forwardedHost = req.headers['x-forwarded-host'];
    const host =
      this.trust && typeof forwardedHost === 'string' && this.trust(req.socket.remoteAddress ?? '', 0)
        ? forwardedHost.slice(forwardedHost.lastIndexOf(',') + 1).trim()
        : (req.headers.host ?? '');
    child.info(
      { req: { method: req.method, url: req.url, headers: req.headers, host, ip, socket: req.socket } },
      'incoming request',
    );
    child.info({ res: { statusCode: 200 }, responseTime: performance.now() - start }, 'request completed');
  }
}

/** The query as Fastify parses it (find-my-way's parser), if every value is one string without NUL. */
function plainQuery(raw: string): FastQuery | undefined {
  const parsed = parse(raw) as Record<string, unknown>;
  for (const key in parsed) {
    const v = parsed[key];
    if (typeof v !== 'string' || v.includes('\u0000') || key.includes('\u0000')) return undefined;
  }
  return parsed as FastQuery;
}
