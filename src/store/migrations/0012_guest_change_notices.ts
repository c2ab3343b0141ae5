// PostgreSQL: a guest account disabled or enabled by any means, Careslot or a hand-written
// UPDATE in psql, is announced on `careslot_changes` (payload `g`) when its transaction
// commits. Running servers keep a guest's enabled status until they hear of a change
// (core/cowin/guests.ts, store/change-notices.ts); without this trigger, an operator who
// disabled a leaked guest account in SQL would see its tokens keep working. This trigger is
// the one place guest changes are announced (Careslot's own disable and enable included).
// Nothing on SQLite, where another connection's commit is seen through data_version.
import { sql, type Kysely } from 'kysely';
import { isPostgres } from './util.js';

export async function up(db: Kysely<any>): Promise<void> {
  if (!isPostgres(db)) return;
  await sql`
    create function careslot_guest_change_notice() returns trigger language plpgsql as $$
    begin
      perform pg_notify('careslot_changes', 'g');
      return null;
    end $$`.execute(db);
  await sql`
    create trigger guests_change_notice after update of disabled or delete on guests
    for each statement execute function careslot_guest_change_notice()`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  if (!isPostgres(db)) return;
  await sql`drop trigger if exists guests_change_notice on guests`.execute(db);
  await sql`drop function if exists careslot_guest_change_notice()`.execute(db);
}
