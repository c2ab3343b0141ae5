// PostgreSQL through node-postgres. 64-bit integers and counts come back as JS numbers:
// every value we store in them (reference numbers, amounts, counts) is below 2^53.
import pg from 'pg';
import { PostgresDialect } from 'kysely';

const types = {
  // biome-ignore lint/suspicious/noExplicitAny: the format argument of pg-types
  getTypeParser(oid: number, format?: any) {
    if (oid === 20 /* int8 */ || oid === 1700 /* numeric */) return (v: string) => (v === null ? null : Number(v));
    return pg.types.getTypeParser(oid, format);
  },
};

export function postgresDialect(url: string, poolSize: number): { dialect: PostgresDialect; pool: pg.Pool } {
  // biome-ignore lint/suspicious/noExplicitAny: pg types the parser table loosely
  const pool = new pg.Pool({ connectionString: url, max: poolSize, types: types as any });
  // An idle client that loses its server must not crash the process; the next query reports it.
  pool.on('error', () => {});
  return { dialect: new PostgresDialect({ pool }), pool };
}
