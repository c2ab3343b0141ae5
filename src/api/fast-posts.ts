// POSTs answered around Fastify as ./fast-reads.ts answers GETs: signed reads (kids /browse),
// CoWIN's two hottest writes (beneficiary/add, scheduleAppointment) and the partner bookings
// (kids and video /book, ./partner/fast-writes.ts). Under the same
// conditions: a path a dialect registered, credentials it can judge without I/O (checked
// before the body is read), a small JSON body, the rate limits counted as the route counts
// them. What differs from a GET is the body, and what the route does before answering:
//
// - the body is read here, so a request that then cannot be answered here (a bad signature,
//   a body the route refuses, an answer not kept, a nonce spent before, a write that fails)
//   goes to Fastify with the body already read; the route's scope gives it back to Fastify in
//   a preParsing hook (`readBody`), and Fastify answers exactly as it always did;
// - once the request is judged, it does what the route does before answering (spend a nonce,
//   make a write): the one wait. A read is then answered with the text found before the wait
//   (a read that started before a booking was acknowledged need not show it); a write with
//   the route's answer to it, after its commit.
// - A request handed to Fastify after that wait with nothing done (the nonce not spent: a
//   replay, or the database failed) is the route's: it does it again, and meets the same. A
//   work that fails (a write refused and rolled back, or an error after something may have
//   been done) gives Fastify its error instead (the same preParsing hook raises it), and the
//   dialect's error handler answers it as it answers the route's: the route never runs a
//   second time. The route would refuse a refused write in the same words (the same core call
//   on the same body, judged as the route judges it), and running it again cost a second
//   transaction for every refusal (a full session in the rush).
//
// test/system/fast-posts.test.ts, fast-writes.test.ts and fast-partner-writes.test.ts hold
// these against Fastify's answers.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { seeExternalWrites } from '../core/scheduling/changes.js';
import { hasCredentials } from './bearer.js';
import type { FastReads, Host } from './fast-reads.js';

/**
 * A dialect's answer to a signed POST. Called before the body is read: undefined leaves the
 * request to Fastify untouched; otherwise a function of the body's exact bytes giving the
 * answer, or undefined to leave the request (body read) to Fastify.
 */
export type FastPost = (
  req: IncomingMessage,
) => ((body: Buffer) => FastPostAnswer | Promise<FastPostAnswer | undefined> | undefined) | undefined;

export interface FastPostAnswer {
  /** Whom the request counts against (`kind:id`). */
  principal: string;
  /**
   * Do what the route does (spend a nonce, make a write) and give the route's 200 text (with
   * the headers the route adds, if any), or undefined when nothing was done: Fastify then runs
   * the route, which does it again. A rejection (a refusal, or an error after which something
   * may have been done) is answered by the dialect's error handler, without running the route.
   */
  answer(): Promise<Answered | undefined>;
}

/** A route's 200 answer: its text, or its text and the headers the route adds (name, value, …). */
export type Answered = string | Buffer | { text: string | Buffer; headers: readonly string[] };

/** Where a POST body read here waits for Fastify (see `readBody`). */
const READ_BODY = Symbol('careslot.readBody');
/** The error of an answer that failed after it may have done something (see `readBody`). */
const FAILED = Symbol('careslot.failed');
type WithBody = IncomingMessage & { [READ_BODY]?: Buffer; [FAILED]?: unknown };
/** The largest body read here; a larger one is Fastify's from the start. */
const MAX_POST_BYTES = 16 * 1024;
const JSON_TYPES = new Set(['application/json', 'application/json; charset=utf-8']);
const ignore = () => {};

type Fastify = (req: IncomingMessage, res: ServerResponse) => void;

export class FastPosts {
  private readonly posts = new Map<string, FastPost>();
  private readonly readingScopes = new WeakSet<object>();

  constructor(private readonly reads: FastReads) {}

  /** Answer POST `path` with `answer` when it can; `scope` (the route's) gets the `readBody` hook. */
  add(scope: FastifyInstance, path: string, answer: FastPost): void {
    if (this.posts.has(path)) throw new Error(`fast post ${path} registered twice`);
    this.posts.set(path, answer);
    if (!this.readingScopes.has(scope)) {
      this.readingScopes.add(scope);
      scope.addHook('preParsing', this.readBody);
    }
  }

  /**
   * A preParsing hook: the payload of a request whose body was read here is that body; a
   * request whose answer failed here after it may have done something is that error.
   */
  readonly readBody = (
    req: FastifyRequest,
    _reply: unknown,
    payload: Readable,
    done: (err: Error | null, p?: Readable) => void,
  ) => {
    const raw = req.raw as WithBody;
    if (FAILED in raw) return done(raw[FAILED] instanceof Error ? raw[FAILED] : new Error(String(raw[FAILED])));
    const body = raw[READ_BODY];
    done(null, body === undefined ? payload : Readable.from([body], { objectMode: false }));
  };

  /**
   * Take a POST to a registered path with credentials and a small JSON body (true): read it,
   * then answer it or hand it to `fastify`. False leaves it, untouched, to Fastify.
   */
  take(req: IncomingMessage, res: ServerResponse, host: Host, fastify: Fastify): boolean {
    const path = req.url ?? '';
    const post = this.posts.get(path);
    if (!post) return false;
    const { headers } = req;
    const length = headers['content-length'];
    if (
      length === undefined ||
      !/^[1-9][0-9]{0,5}$/.test(length) ||
      Number(length) > MAX_POST_BYTES ||
      headers['transfer-encoding'] !== undefined ||
      headers.expect !== undefined ||
      !JSON_TYPES.has(headers['content-type']?.toLowerCase() ?? '') ||
      !hasCredentials(headers)
    )
      return false;
    const start = performance.now();
    const ip = this.reads.ipOf(req);
    // A request with credentials is checked against its address's limit, not counted (as Fastify's hook does).
    const limits = host.limits;
    if (limits && limits.limiter.check(`ip:${ip}`, limits.ipRule) !== null) return false;
    let finish: ReturnType<FastPost>;
    try {
      finish = post(req);
    } catch {
      return false;
    }
    if (!finish) return false;
    const answerWith = finish;
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('error', ignore); // the client went away: there is no one to answer
    req.once('end', () => {
      const body = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks);
      void this.finish(
        req,
        res,
        body,
        answerWith,
        () => {
          (req as WithBody)[READ_BODY] = body;
          fastify(req, res);
        },
        ip,
        start,
      );
    });
    return true;
  }

  private async finish(
    req: IncomingMessage,
    res: ServerResponse,
    body: Buffer,
    answerWith: NonNullable<ReturnType<FastPost>>,
    leave: () => void,
    ip: string,
    start: number,
  ): Promise<void> {
    const host = this.reads.answering;
    if (!host) return leave();
    seeExternalWrites();
    let found: FastPostAnswer | undefined;
    try {
      found = await answerWith(body);
    } catch {
      found = undefined;
    }
    const limits = host.limits;
    if (!found || (limits && limits.limiter.check(found.principal, limits.principalRule) !== null)) return leave();
    let answered: Answered | undefined;
    try {
      answered = await found.answer();
    } catch (err) {
      // Something may have been done: Fastify answers the error, and the route (which would
      // have counted the request before failing) never runs, so it is counted here.
      limits?.limiter.add(found.principal, limits.principalRule);
      (req as WithBody)[FAILED] = err;
      return leave();
    }
    if (answered === undefined) return leave();
    // Counted once done, as the route counts it after authentication (checked above, so at
    // most the requests in flight at that moment can pass the limit together).
    limits?.limiter.add(found.principal, limits.principalRule);
    const { text, headers } =
      typeof answered === 'string' || Buffer.isBuffer(answered) ? { text: answered, headers: [] } : answered;
    this.reads.send(req, res, host, req.url ?? '', text, ip, start, headers);
  }
}
