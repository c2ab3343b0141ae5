// A new bearer token's signature, checked off the event loop. Verifying a token this process
// has not seen (fast-jwt: base64url, two JSON parses, the HMAC, the claims' forms) cost
// 40–50 µs of the event loop's time per CoWIN booking in the bench, where every booking
// brings a new beneficiary token, and a booking's request is answered by the event loop alone
// while the machine's other core is partly idle (docs/performance.md, twenty-second pass).
//
// The tokens asked for in one turn of the event loop go to one worker thread in one message;
// it runs fast-jwt's verifier with the options ./tokens.ts uses and answers with each token's
// payload or fast-jwt's error code, which ./tokens.ts then judges exactly as it judges a token
// verified in this thread. If the worker cannot start or stops, every token waiting on it,
// and every later one, is verified in this thread instead (`check` answers undefined).
// The worker holds the process open only while tokens wait on it.
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/** What fast-jwt found: the token's payload, or the code of the TokenError it threw ('error' for anything else). */
export type Checked = { payload: Record<string, unknown> } | { error: string };

/** The most tokens sent in one message. */
const MAX_BATCH = 64;

// Evaluated in the worker (CommonJS): fast-jwt is resolved by the parent and passed in.
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const { createVerifier, TokenError } = require(workerData.fastJwt);
const verifiers = new Map();
parentPort.on('message', (m) => {
  if (m.key) {
    verifiers.set(m.key.id, createVerifier({ ...workerData.options, key: Buffer.from(m.key.bytes), allowedAud: new RegExp(workerData.audiences) }));
    return;
  }
  const out = new Array(m.tokens.length);
  for (let i = 0; i < m.tokens.length; i++) {
    try {
      out[i] = { payload: verifiers.get(m.keys[i])(m.tokens[i]) };
    } catch (err) {
      out[i] = { error: err instanceof TokenError ? err.code : 'error' };
    }
  }
  parentPort.postMessage({ first: m.first, out });
});
`;

interface Waiting {
  resolve: (c: Checked | undefined) => void;
}

export class TokenWorker {
  private worker: Worker | undefined;
  /** Set once the worker failed or was stopped: every token is then verified in the caller's thread. */
  private off = process.env.TOKEN_WORKER === '0';
  private readonly keyIds = new Map<string, number>();
  /** Tokens of this turn, not sent yet. */
  private tokens: string[] = [];
  private keys: number[] = [];
  private waiting: Waiting[] = [];
  /** Sent, by the number of the first token of their message. */
  private readonly sent = new Map<number, Waiting[]>();
  private nextToken = 0;
  private scheduled = false;
  /** Tokens the worker answered for (tests). */
  checked = 0;

  /** `options`: fast-jwt's, besides the key and `allowedAud` (the pattern `audiences`). */
  constructor(
    private readonly options: Readonly<Record<string, unknown>>,
    private readonly audiences: string,
  ) {}

  /**
   * fast-jwt's verdict on `token` under `key` (named `keyName`), from the worker; undefined
   * when there is no worker to ask (verify it in this thread). A promise that settles with
   * undefined means the worker stopped before answering: verify it in this thread too.
   */
  check(keyName: string, key: Buffer, token: string): Promise<Checked | undefined> | undefined {
    const worker = this.running();
    if (!worker) return undefined;
    let keyId = this.keyIds.get(keyName);
    if (keyId === undefined) {
      keyId = this.keyIds.size + 1;
      this.keyIds.set(keyName, keyId);
      worker.postMessage({ key: { id: keyId, bytes: new Uint8Array(key) } });
    }
    const id = keyId;
    return new Promise((resolve) => {
      this.tokens.push(token);
      this.keys.push(id);
      this.waiting.push({ resolve });
      if (this.tokens.length >= MAX_BATCH) this.send();
      else if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.send());
      }
    });
  }

  /**
   * Start the worker now rather than with the first new token (the server does, before it
   * listens): that token would otherwise wait for the thread to boot and load fast-jwt. False
   * when there is no worker (TOKEN_WORKER=0, or it could not start).
   */
  start(): boolean {
    return this.running() !== undefined;
  }

  /** Stop the worker (tests); later tokens are verified in the caller's thread. */
  async stop(): Promise<void> {
    this.off = true;
    const worker = this.worker;
    this.worker = undefined;
    this.failAll();
    if (worker) await worker.terminate();
  }

  private running(): Worker | undefined {
    if (this.off) return undefined;
    if (this.worker) return this.worker;
    try {
      const fastJwt = createRequire(import.meta.url).resolve('fast-jwt');
      const worker = new Worker(WORKER, {
        eval: true,
        workerData: { fastJwt, options: this.options, audiences: this.audiences },
      });
      worker.unref();
      worker.on('message', (m: { first: number; out: Checked[] }) => this.answered(m));
      worker.on('error', () => this.broke(worker));
      worker.on('exit', () => this.broke(worker));
      this.worker = worker;
      return worker;
    } catch {
      this.off = true;
      return undefined;
    }
  }

  private send(): void {
    this.scheduled = false;
    if (this.tokens.length === 0) return;
    const first = this.nextToken;
    this.nextToken += this.tokens.length;
    this.sent.set(first, this.waiting);
    const message = { first, tokens: this.tokens, keys: this.keys };
    this.tokens = [];
    this.keys = [];
    this.waiting = [];
    if (!this.worker) {
      this.failAll();
      return;
    }
    this.worker.ref();
    this.worker.postMessage(message);
  }

  private answered({ first, out }: { first: number; out: Checked[] }): void {
    const waiting = this.sent.get(first);
    if (!waiting) return;
    this.sent.delete(first);
    if (this.sent.size === 0) this.worker?.unref();
    this.checked += waiting.length;
    for (let i = 0; i < waiting.length; i++) waiting[i].resolve(out[i]);
  }

  private broke(worker: Worker): void {
    if (this.worker !== worker) return;
    this.worker = undefined;
    this.off = true;
    this.failAll();
  }

  /** Everyone waiting is told to verify in their own thread. */
  private failAll(): void {
    const all = [...this.sent.values(), this.waiting];
    this.sent.clear();
    this.tokens = [];
    this.keys = [];
    this.waiting = [];
    for (const list of all) for (const w of list) w.resolve(undefined);
  }
}
