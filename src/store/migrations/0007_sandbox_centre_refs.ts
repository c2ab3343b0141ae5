// Vaccination centres loaded by the sandbox dataset had no sheet identity (external_ref), so
// a facility sheet row with the same pincode and name created a second centre. Give each one
// the identity a sheet row computes: `pincode|name` in lower case (the sandbox's names are
// single-spaced). Centres sharing a pincode and name, or whose identity is taken, keep none.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    update places set external_ref = cast(pincode as text) || '|' || lower(trim(name))
    where kind = 'vaccination_centre' and external_ref is null and pincode is not null
      and not exists (
        select 1 from places twin
        where twin.kind = places.kind and twin.id <> places.id and twin.pincode = places.pincode
          and lower(trim(twin.name)) = lower(trim(places.name)))
      and not exists (
        select 1 from places taken
        where taken.kind = places.kind
          and taken.external_ref = cast(places.pincode as text) || '|' || lower(trim(places.name)))
  `.execute(db);
}

export async function down(): Promise<void> {
  // The identities stay: they are what a sheet row of the same centre computes.
}
