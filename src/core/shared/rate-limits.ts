// Fixed-window rate limits whose counts are shared by every server process through the
// database, without a database round trip on the request path.
//
// Each process counts requests in memory per key and window. Every FLUSH_MS it adds its new
// counts to the shared `rate_counters` rows (one multi-row upsert, `count = count + n`) and
// reads back each key's total across all processes. A request is refused when the shared total
// as last read plus this process's counts since then reach the limit. So within a process the
// limit is exact; across N processes a key can overshoot by what the other processes admitted
// during one flush interval (see docs/security.md).
import { sql } from 'kysely';
import { iso } from '../../store/dialect.js';
import type { Conn } from '../../store/index.js';

export interface RateRule {
  /** Requests allowed per window; 0 turns the rule off. */
  limit: number;
  windowSeconds: number;
}

interface Window {
  /** Start of the window, ms since the epoch (a multiple of the window length). */
  start: number;
  end: number;
  /** The total across processes, as the last flush read it. */
  shared: number;
  /** This process's requests since the last flush. */
  local: number;
  /** Touched since the last flush (so the next one refreshes `shared`). */
  dirty: boolean;
}

/** How often counts are merged with the shared table. */
export const FLUSH_MS = 200;
const ROWS_PER_STATEMENT = 300;
const PREFIX = 'rl:';

export class RateLimiter {
  private readonly windows = new Map<string, Window>();
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> | undefined;
  private lastSweep = 0;

  constructor(
    private readonly db: Conn,
    private readonly onError: (err: unknown) => void = () => {},
    /** Milliseconds since the epoch: the app's clock, so that a test can hold it inside one window. */
    private readonly clock: () => number = Date.now,
  ) {}

  /** Start merging with the shared table every FLUSH_MS (the timer never keeps a process alive). */
  start(): void {
    this.timer ??= setInterval(() => void this.flush(), FLUSH_MS);
    this.timer.unref();
  }

  /** Stop the timer and merge what is left. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.flush();
  }

  private window(key: string, rule: RateRule, now: number): Window {
    const length = rule.windowSeconds * 1000;
    const start = Math.floor(now / length) * length;
    let w = this.windows.get(key);
    if (!w || w.start !== start) {
      w = { start, end: start + length, shared: 0, local: 0, dirty: true };
      this.windows.set(key, w);
    }
    return w;
  }

  /** Seconds until `key`'s window ends if it is at its limit, else null. Counts nothing. */
  check(key: string, rule: RateRule, now = this.clock()): number | null {
    if (rule.limit <= 0) return null;
    const w = this.window(key, rule, now);
    w.dirty = true;
    return w.shared + w.local >= rule.limit ? Math.max(1, Math.ceil((w.end - now) / 1000)) : null;
  }

  /** Count one request on `key`: null when allowed, else the seconds to wait (and nothing is counted). */
  take(key: string, rule: RateRule, now = this.clock()): number | null {
    const wait = this.check(key, rule, now);
    if (wait === null && rule.limit > 0) this.window(key, rule, now).local++;
    return wait;
  }

  /** Count one request on `key` whatever its state (e.g. a failed authentication). */
  add(key: string, rule: RateRule, now = this.clock()): void {
    if (rule.limit > 0) this.window(key, rule, now).local++;
  }

  /** Merge this process's counts into the shared table and read every touched key's total. */
  flush(now = this.clock()): Promise<void> {
    this.flushing ??= this.merge(now)
      .catch(this.onError)
      .finally(() => {
        this.flushing = undefined;
      });
    return this.flushing;
  }

  private async merge(now: number): Promise<void> {
    const due: [string, Window, number][] = [];
    for (const [key, w] of this.windows) {
      if (w.end <= now) this.windows.delete(key);
      else if (w.dirty) {
        due.push([`${PREFIX}${key}@${w.start}`, w, w.local]);
        w.dirty = false;
      }
    }
    for (let i = 0; i < due.length; i += ROWS_PER_STATEMENT) {
      const part = due.slice(i, i + ROWS_PER_STATEMENT);
      let rows: { key: string; count: number | string }[];
      try {
        rows = await this.db
          .insertInto('rate_counters')
          .values(part.map(([key, w, n]) => ({ key, count: n, expires_at: iso(new Date(w.end)) })))
          .onConflict((oc) =>
            oc.column('key').doUpdateSet({ count: sql<number>`rate_counters.count + excluded.count` }),
          )
          .returning(['key', 'count'])
          .execute();
      } catch (err) {
        for (const [, w] of part) w.dirty = true;
        throw err;
      }
      const totals = new Map(rows.map((r) => [r.key, Number(r.count)]));
      for (const [key, w, sent] of part) {
        w.local -= sent;
        w.shared = totals.get(key) ?? w.shared + sent;
      }
    }
    if (now - this.lastSweep > 60_000) {
      this.lastSweep = now;
      await this.db
        .deleteFrom('rate_counters')
        .where('key', 'like', `${PREFIX}%`)
        .where('expires_at', '<=', iso(new Date(now)))
        .execute();
    }
  }
}
