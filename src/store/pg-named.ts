// Statements PostgreSQL keeps parsed, per connection. node-postgres sends a query given a
// `name` as a named prepared statement the first time a connection runs it, and from then on
// only binds and executes it, so PostgreSQL skips parsing and analysing its text on every call:
// about 40 % of a simple statement's round trip on this machine (docs/performance.md, issue
// 11's tenth pass). Kysely sends every query unnamed; the queries compiled once (./prepared.ts),
// the hot write statements, are registered here by their SQL text, and the pool's clients send
// those named. The text names itself (a hash of it), so a name never stands for two texts, and
// the set is bounded: a connection keeps every statement it has prepared until it closes.
import { createHash } from 'node:crypto';
import type pg from 'pg';

/** At most this many texts are sent named (each costs every connection a little memory in PostgreSQL). */
const MAX_NAMED = 1000;
const names = new Map<string, string>();

/** Send `sql` as a named prepared statement from now on (up to MAX_NAMED texts). */
export function sendNamed(sql: string): void {
  if (names.has(sql) || names.size >= MAX_NAMED) return;
  names.set(sql, `careslot_${createHash('sha256').update(sql).digest('hex').slice(0, 32)}`);
}

/** Make `client` send the registered texts named (Kysely's `query(text, values)` calls). */
export function sendRegisteredNamed(client: pg.PoolClient): void {
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  (client as { query: unknown }).query = (...args: unknown[]) => {
    const [text, values] = args;
    if (args.length === 2 && typeof text === 'string' && Array.isArray(values)) {
      const name = names.get(text);
      if (name !== undefined) return query({ name, text, values });
    }
    return query(...args);
  };
}
