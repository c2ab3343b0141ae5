// Helpers for migrations only. Migrations never import application code, so that an old
// migration keeps meaning what it meant when it shipped.
import { PostgresAdapter, type ColumnDefinitionBuilder, type CreateTableBuilder, type Kysely } from 'kysely';

export function isPostgres(db: Kysely<any>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

/** An auto-incrementing integer primary key named `id`. */
export function withId<T extends string>(
  db: Kysely<any>,
  table: CreateTableBuilder<T, never>,
): CreateTableBuilder<T, 'id'> {
  return isPostgres(db)
    ? table.addColumn('id', 'integer', (c: ColumnDefinitionBuilder) => c.primaryKey().generatedByDefaultAsIdentity())
    : table.addColumn('id', 'integer', (c: ColumnDefinitionBuilder) => c.primaryKey().autoIncrement());
}

/** 64-bit integers where values exceed 2^31 (reference numbers); `integer` is 64-bit in SQLite already. */
export function bigint(db: Kysely<any>): 'bigint' | 'integer' {
  return isPostgres(db) ? 'bigint' : 'integer';
}

/** Floating point columns (coordinates). */
export function float(db: Kysely<any>): 'double precision' | 'real' {
  return isPostgres(db) ? 'double precision' : 'real';
}
