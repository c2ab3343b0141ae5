// PostgreSQL through node-postgres. 64-bit integers and counts come back as JS numbers:
// every value we store in them (reference numbers, amounts, counts) is below 2^53.
import pg from 'pg';
import { PostgresDialect } from 'kysely';
import { sendRegisteredNamed } from './pg-named.js';

const toNumber = (v: string) => (v === null ? null : Number(v));

// node-postgres asks for a column's parser on every result it reads, so this one is made once.
const types = {
  // biome-ignore lint/suspicious/noExplicitAny: the format argument of pg-types
  getTypeParser(oid: number, format?: any) {
    if (oid === 20 /* int8 */ || oid === 1700 /* numeric */) return toNumber;
    return pg.types.getTypeParser(oid, format);
  },
};

export function postgresDialect(
  url: string,
  poolSize: number,
): { dialect: PostgresDialect; pool: pg.Pool; backends: ReadonlySet<number> } {
  // biome-ignore lint/suspicious/noExplicitAny: pg types the parser table loosely
  const pool = new pg.Pool({ connectionString: url, max: poolSize, types: types as any });
  // An idle client that loses its server must not crash the process; the next query reports it.
  pool.on('error', () => {});
  // The server process ids of the pool's connections: change notices they sent are this
  // store's own (./pg-listener.ts ignores them: their commit hooks have already run here).
  const backends = new Set<number>();
  const pid = (c: pg.PoolClient) => (c as unknown as { processID?: number }).processID;
  pool.on('connect', (c) => {
    sendRegisteredNamed(c);
    const id = pid(c);
    if (id !== undefined) backends.add(id);
  });
  pool.on('remove', (c) => {
    const id = pid(c);
    if (id !== undefined) backends.delete(id);
  });
  return { dialect: new PostgresDialect({ pool }), pool, backends };
}
