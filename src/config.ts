// Typed configuration read once from the environment. Nothing else reads process.env.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { totalmem } from 'node:os';

export type Mode = 'sandbox' | 'production';

export interface Config {
  mode: Mode;
  host: string;
  port: number;
  /** Public base URL used in links we hand out (payment pages, join links, docs). */
  publicUrl: string;
  databaseUrl: string;
  secret: string;
  logLevel: string;
  /** Minutes an unpaid booking holds its seats. */
  holdMinutes: number;
  /** Seconds between sweeps that return expired holds to availability. */
  sweepSeconds: number;
  /** Load the sandbox dataset on an empty database (sandbox mode only). */
  autoSeed: boolean;
  kidsPrefix: string;
  videoPrefix: string;
  /** Base URL of the video service that hosts consultation rooms. */
  videoBaseUrl: string;
  /** Minimum minutes between booking time and a video consultation's start. */
  videoLeadMinutes: number;
  /** Days ahead for which doctors' slots are generated from their working hours. */
  videoSlotDays: number;
  /** Minutes before a consultation's start from which its join link is valid. */
  videoJoinEarlyMinutes: number;
  /** Where OTP SMS are sent in production (HTTP webhook); empty means console in sandbox. */
  smsWebhookUrl: string;
  /** OTPs one guest account (partner application) may have sent per hour, across all mobiles. */
  otpSendsPerGuestHour: number;
  /** Vaccination centres in the sandbox dataset. */
  sandboxCentres: number;
  /** Postgres pool size per process. */
  pgPoolSize: number;
  /** Payment provider for held bookings: `sandbox` (built-in checkout page) or `none`. */
  paymentProvider: 'sandbox' | 'none';
  /** Minutes an operator token (POST /api/v1/admin/login) stays valid. */
  operatorTokenMinutes: number;
  /** Largest facility sheet accepted by POST /api/v1/admin/facility/upload, in megabytes. */
  facilityUploadMaxMb: number;
  /** Milliseconds a read cache may lag behind changes made by other processes (0: no caching). */
  readCacheMs: number;
  /**
   * Megabytes of whole answers each cache of them keeps (ANSWER_CACHE_MB): the v2 session
   * reads' (api/cowin-v2/session-reads.ts) and v1's time slots' (core/cowin/centre-cache.ts);
   * by default a sixth of the memory this process may use, at least 128.
   */
  answerCacheMb: number;
  /** Answer kept availability reads around Fastify (api/fast-reads.ts); FAST_READS=0 turns it off. */
  fastReads: boolean;
  /** Requests per window from one client IP without (or with failing) credentials; 0: no limit. */
  rateLimitPerIp: number;
  /** Requests per window of one guest account, partner, operator or API key; 0: no limit. */
  rateLimitPerAccount: number;
  /** Length of the rate limits' fixed window, in seconds. */
  rateLimitWindowSeconds: number;
  /** Which proxies' X-Forwarded-For is believed for the client IP (Fastify's trustProxy). */
  trustProxy: boolean | string;
  /** The Ed25519 private JWK that signs vaccination certificates (CERTIFICATE_SIGNING_KEY); empty: generated, kept encrypted in the database. */
  certificateSigningKey: string;
  /** Bearer token GET /metrics requires; empty: open (sandbox only; required in production). */
  metricsToken: string;
  /** Milliseconds one webhook delivery attempt may take (connect, send, answer). */
  webhookTimeoutMs: number;
  /** Webhook deliveries may reach loopback and private addresses (never in production). */
  webhookAllowPrivate: boolean;
  /** Milliseconds between dispatcher passes over the event outbox (0: no dispatcher in this process). */
  webhookDispatchMs: number;
}

export class ConfigError extends Error {
  constructor(
    public readonly variable: string,
    message: string,
  ) {
    super(`${variable}: ${message}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

/** CERTIFICATE_SIGNING_KEY: an Ed25519 private key as a JWK (JSON), or empty. */
function signingKey(env: Env): string {
  const raw = env.CERTIFICATE_SIGNING_KEY?.trim() ?? '';
  if (!raw) return '';
  let jwk: Record<string, unknown>;
  try {
    jwk = JSON.parse(raw);
  } catch {
    throw new ConfigError(
      'CERTIFICATE_SIGNING_KEY',
      'must be a JSON Web Key (JSON), e.g. from `careslot certificate keygen`',
    );
  }
  if (jwk?.kty !== 'OKP' || jwk.crv !== 'Ed25519' || typeof jwk.d !== 'string' || typeof jwk.x !== 'string')
    throw new ConfigError(
      'CERTIFICATE_SIGNING_KEY',
      'must be an Ed25519 private key: {"kty":"OKP","crv":"Ed25519","x":…,"d":…}',
    );
  return raw;
}

/**
 * The default budget of each cache of kept answers (the v2 session reads', v1's time slots'):
 * a sixth of the memory this process may use (the machine's, or its cgroup's limit when lower),
 * and never under 128 MB. The answers are kept outside V8's heap (core/shared/answer-bytes.ts),
 * so the heap's limit does not bound them. At India scale the v2 answers of 14 days take about
 * 2.2 GB and v1's time slots about 700 MB (docs/performance.md, thirty-second pass).
 */
function defaultAnswerCacheMb(): number {
  const limit = process.constrainedMemory();
  const memory = limit > 0 && limit < totalmem() ? limit : totalmem();
  return Math.max(128, Math.floor(memory / 6 / 2 ** 20));
}

function int(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw.trim())) throw new ConfigError(name, `must be a whole number, got "${raw}"`);
  const n = Number(raw);
  if (n < min || n > max) throw new ConfigError(name, `must be between ${min} and ${max}, got ${n}`);
  return n;
}

function url(env: Env, name: string, fallback: string): string {
  const raw = env[name] || fallback;
  try {
    const u = new URL(raw);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error('scheme');
  } catch {
    throw new ConfigError(name, `must be an http(s) URL, got "${raw}"`);
  }
  return raw.replace(/\/+$/, '');
}

/**
 * Ports the Fetch standard blocks (Node's fetch refuses them with a bare "network error"):
 * an SMS webhook on one of them would fail every OTP, so it is refused at start.
 */
const FETCH_BLOCKED_PORTS = new Set([
  1, 7, 9, 11, 13, 15, 17, 19, 20, 21, 22, 23, 25, 37, 42, 43, 53, 69, 77, 79, 87, 95, 101, 102, 103, 104, 109, 110,
  111, 113, 115, 117, 119, 123, 135, 137, 139, 143, 161, 179, 389, 427, 465, 512, 513, 514, 515, 526, 530, 531, 532,
  540, 548, 554, 556, 563, 587, 601, 636, 989, 990, 993, 995, 1719, 1720, 1723, 2049, 3659, 4045, 4190, 5060, 5061,
  6000, 6566, 6665, 6666, 6667, 6668, 6669, 6679, 6697, 10080,
]);

function fetchableUrl(env: Env, name: string): string {
  const value = url(env, name, '');
  const port = Number(new URL(value).port);
  if (FETCH_BLOCKED_PORTS.has(port))
    throw new ConfigError(
      name,
      `uses port ${port}, which Node's fetch refuses to call (a Fetch standard "bad port"); use another port, e.g. 443 or 8080`,
    );
  return value;
}

function prefix(env: Env, name: string, fallback: string): string {
  const raw = env[name] || fallback;
  if (!/^(\/[A-Za-z0-9._~-]+)+$/.test(raw)) {
    throw new ConfigError(name, `must be a URL path like ${fallback}, got "${raw}"`);
  }
  return raw;
}

/** The host to put in links: a wildcard listen address is not reachable, so use localhost. */
function linkHost(host: string): string {
  if (host === '0.0.0.0' || host === '::' || host === '[::]') return 'localhost';
  return host.includes(':') ? `[${host}]` : host;
}

/** The built-in sandbox checkout approves payments for free: production gets it only when asked for. */
function paymentProvider(env: Env, mode: Mode): 'sandbox' | 'none' {
  const raw = env.PAYMENT_PROVIDER || (mode === 'sandbox' ? 'sandbox' : 'none');
  if (raw !== 'sandbox' && raw !== 'none')
    throw new ConfigError('PAYMENT_PROVIDER', `must be "sandbox" or "none", got "${raw}"`);
  return raw;
}

/**
 * TRUST_PROXY: `true` (every hop: only behind a proxy that overwrites X-Forwarded-For), `false`,
 * or addresses/CIDRs/names (`loopback`, `uniquelocal`…) comma-separated. Default `loopback`: a reverse proxy on the same
 * machine. Anything broader lets a client choose its own IP for the per-IP rate limit.
 */
function trustProxy(env: Env): boolean | string {
  const raw = (env.TRUST_PROXY ?? '').trim();
  if (raw === '') return 'loopback';
  if (raw === 'true' || raw === 'false') return raw === 'true';
  if (!/^[0-9A-Fa-f.:/,\sa-z]+$/.test(raw))
    throw new ConfigError('TRUST_PROXY', `must be true, false, or addresses/CIDRs, got "${raw}"`);
  return raw;
}

export const DEFAULT_DATABASE_URL = 'sqlite:data/careslot.sqlite';

/** Path of the SQLite file for a sqlite: URL, or null for :memory: / postgres. */
export function sqlitePath(databaseUrl: string): string | null {
  if (!databaseUrl.startsWith('sqlite:')) return null;
  const p = databaseUrl.slice('sqlite:'.length);
  return p === ':memory:' ? null : resolve(p);
}

function databaseUrl(env: Env): string {
  const raw = env.DATABASE_URL || DEFAULT_DATABASE_URL;
  if (raw.startsWith('sqlite:')) {
    if (raw.length === 'sqlite:'.length)
      throw new ConfigError('DATABASE_URL', 'sqlite: needs a file path, e.g. sqlite:data/careslot.sqlite');
    return raw;
  }
  if (/^postgres(ql)?:\/\//.test(raw)) {
    try {
      new URL(raw);
    } catch {
      throw new ConfigError('DATABASE_URL', 'is not a valid postgres:// URL');
    }
    return raw;
  }
  throw new ConfigError(
    'DATABASE_URL',
    `must start with sqlite: or postgres://, got "${raw.replace(/:[^:@/]*@/, ':***@')}"`,
  );
}

/**
 * The secret signs tokens and encrypts partner secrets. Production requires it; sandbox
 * generates one and keeps it beside the SQLite file so restarts keep tokens valid.
 */
function secret(env: Env, mode: Mode, dbUrl: string): string {
  const raw = env.CARESLOT_SECRET;
  if (raw) {
    if (raw.length < 32)
      throw new ConfigError('CARESLOT_SECRET', 'must be at least 32 characters (e.g. `openssl rand -hex 32`)');
    return raw;
  }
  if (mode === 'production')
    throw new ConfigError(
      'CARESLOT_SECRET',
      'is required in production mode (at least 32 characters, e.g. `openssl rand -hex 32`)',
    );
  const dbFile = sqlitePath(dbUrl);
  if (dbUrl === 'sqlite::memory:') return randomBytes(32).toString('hex');
  const file = dbFile ? `${dbFile}.secret` : resolve('data/careslot.secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dirname(file), { recursive: true });
  const generated = randomBytes(32).toString('hex');
  writeFileSync(file, `${generated}\n`, { mode: 0o600 });
  return generated;
}

export function loadConfig(env: Env = process.env, overrides: Partial<Config> = {}): Config {
  const modeRaw = env.CARESLOT_MODE || 'sandbox';
  if (modeRaw !== 'sandbox' && modeRaw !== 'production') {
    throw new ConfigError('CARESLOT_MODE', `must be "sandbox" or "production", got "${modeRaw}"`);
  }
  const mode: Mode = modeRaw;
  const host = env.HOST || '127.0.0.1';
  const port = int(env, 'PORT', 3000, 0, 65535);
  const dbUrl = overrides.databaseUrl ?? databaseUrl(env);
  const logLevel = env.LOG_LEVEL || 'info';
  if (!['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].includes(logLevel)) {
    throw new ConfigError(
      'LOG_LEVEL',
      `must be one of fatal, error, warn, info, debug, trace, silent; got "${logLevel}"`,
    );
  }
  const instanceSecret = overrides.secret ?? secret(env, mode, dbUrl);
  const smsWebhookUrl = env.SMS_WEBHOOK_URL ? fetchableUrl(env, 'SMS_WEBHOOK_URL') : '';
  if (mode === 'production' && !smsWebhookUrl) {
    throw new ConfigError('SMS_WEBHOOK_URL', 'is required in production mode: OTPs are delivered through it');
  }
  const metricsToken = env.METRICS_TOKEN ?? '';
  if (metricsToken && metricsToken.length < 16)
    throw new ConfigError('METRICS_TOKEN', 'must be at least 16 characters (e.g. `openssl rand -hex 16`)');
  if (mode === 'production' && !metricsToken) {
    throw new ConfigError(
      'METRICS_TOKEN',
      'is required in production mode: /metrics then asks for Authorization: Bearer <METRICS_TOKEN>',
    );
  }
  const config: Config = {
    mode,
    host,
    port,
    publicUrl: url(env, 'PUBLIC_URL', `http://${linkHost(host)}:${port}`),
    databaseUrl: dbUrl,
    secret: instanceSecret,
    logLevel,
    holdMinutes: int(env, 'HOLD_MINUTES', 15, 1, 24 * 60),
    sweepSeconds: int(env, 'SWEEP_SECONDS', 30, 1, 3600),
    autoSeed: mode === 'sandbox' && env.CARESLOT_AUTOSEED !== '0',
    kidsPrefix: prefix(env, 'KIDS_PREFIX', '/kids-vaccination/v1'),
    videoPrefix: prefix(env, 'VIDEO_PREFIX', '/video-consultation/v1'),
    videoBaseUrl: url(env, 'VIDEO_BASE_URL', 'https://meet.jit.si'),
    videoLeadMinutes: int(env, 'VIDEO_LEAD_MINUTES', 30, 0, 7 * 24 * 60),
    videoSlotDays: int(env, 'VIDEO_SLOT_DAYS', 14, 1, 90),
    videoJoinEarlyMinutes: int(env, 'VIDEO_JOIN_EARLY_MINUTES', 10, 0, 24 * 60),
    smsWebhookUrl,
    otpSendsPerGuestHour: int(env, 'OTP_SENDS_PER_GUEST_HOUR', 1000, 1, 1_000_000),
    sandboxCentres: int(env, 'SANDBOX_CENTRES', 3000, 0, 100_000),
    pgPoolSize: int(env, 'PG_POOL_SIZE', 10, 1, 200),
    paymentProvider: paymentProvider(env, mode),
    operatorTokenMinutes: int(env, 'OPERATOR_TOKEN_MINUTES', 60, 1, 24 * 60),
    facilityUploadMaxMb: int(env, 'FACILITY_UPLOAD_MAX_MB', 100, 1, 2048),
    readCacheMs: int(env, 'READ_CACHE_MS', 1000, 0, 5000),
    answerCacheMb: int(env, 'ANSWER_CACHE_MB', defaultAnswerCacheMb(), 1, 1024 * 1024),
    fastReads: env.FAST_READS !== '0',
    rateLimitPerIp: int(env, 'RATE_LIMIT_PER_IP', 100, 0, 10_000_000),
    rateLimitPerAccount: int(env, 'RATE_LIMIT_PER_ACCOUNT', 30_000, 0, 10_000_000),
    rateLimitWindowSeconds: int(env, 'RATE_LIMIT_WINDOW_SECONDS', 300, 1, 86_400),
    trustProxy: trustProxy(env),
    certificateSigningKey: signingKey(env),
    metricsToken,
    webhookTimeoutMs: int(env, 'WEBHOOK_TIMEOUT_MS', 10_000, 100, 60_000),
    webhookAllowPrivate: mode === 'sandbox',
    webhookDispatchMs: int(env, 'WEBHOOK_DISPATCH_MS', 1000, 0, 60_000),
  };
  return { ...config, ...overrides };
}
