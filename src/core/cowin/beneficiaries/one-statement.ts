// PostgreSQL: a new beneficiary registered in ONE statement, outside any transaction.
//
// Each statement sent to PostgreSQL costs this client about 80–100 µs of CPU whatever it does
// (writing to the socket wakes a backend on the other CPU: docs/performance.md, twentieth and
// twenty-fourth passes). Registering in a transaction took four: BEGIN, the read of the live
// beneficiaries sharing the mobile or the photo ID, the insert, COMMIT. Here the read, the
// choice of the mobile's free slot and both inserts are one statement, atomic on its own:
//   found   the live beneficiaries sharing the mobile or the photo ID (as registry.ts reads them);
//   ok      the mobile's first free slot, only when the photo ID is free and a slot is;
//   person  the core `people` row, written only when `ok` has its row;
//   b       the beneficiary, likewise.
// It gives back one row: the new beneficiary's columns (all null when nothing was written) and
// `found` as JSON, from which the caller refuses with the same rules and words as after its own
// read. The rules' last word is the database's, as in the transaction: two registrations racing
// for one slot or one photo ID meet a unique index, the loser's statement fails whole, and the
// caller tries again.
import { type Compilable, type RawBuilder, sql } from 'kysely';
import type { Conn, Db } from '../../../store/index.js';
import { prepared } from '../../../store/prepared.js';
import type { Beneficiary } from '../../../store/schema.js';

/** A live beneficiary that shares a new one's mobile or photo ID. */
export type Sharing = { mobile: string; mobile_slot: number; photo_id_type: number; photo_id_number: string };

/** The new beneficiary's columns but its person and its slot, which the statement chooses. */
export type NewRow = Omit<Beneficiary, 'id' | 'person_id' | 'mobile_slot'>;

/** A raw statement as `prepared` takes it (it compiles what it is given with no argument). */
const compilable = <R>(db: Db, raw: RawBuilder<R>): Compilable<R> => ({ compile: () => raw.compile(db) });

const registerStatement = prepared((db, p: NewRow & { maxPerMobile: number }) => {
  const columns = [
    'reference_id',
    'guest_id',
    'mobile',
    'name',
    'birth_year',
    'gender',
    'photo_id_type',
    'photo_id_number',
    'state_id',
    'district_id',
    'block_id',
    'locality_id',
    'pincode',
    'address',
    'deleted_at',
    'created_at',
    'updated_at',
  ] as const;
  return compilable(
    db,
    sql<Beneficiary & { found: Sharing[] }>`with found as (
  select mobile, mobile_slot, photo_id_type, photo_id_number from beneficiaries
   where deleted_at is null and mobile = ${p.mobile}
  union all
  select mobile, mobile_slot, photo_id_type, photo_id_number from beneficiaries
   where deleted_at is null and photo_id_type = ${p.photo_id_type} and photo_id_number = ${p.photo_id_number}
), ok as (
  select min(s.slot) as slot from generate_series(1, ${p.maxPerMobile}::integer) as s(slot)
   where s.slot not in (select mobile_slot from found where mobile = ${p.mobile})
  having min(s.slot) is not null
     and not exists (select from found where photo_id_type = ${p.photo_id_type} and photo_id_number = ${p.photo_id_number})
), person as (
  insert into people (name, birth_date, birth_year, gender, mobile, created_at)
  select ${p.name}, null, ${p.birth_year}, ${p.gender}, ${p.mobile}, ${p.created_at} from ok
  returning id
), b as (
  insert into beneficiaries (person_id, mobile_slot, ${sql.join(columns.map((c) => sql.ref(c)))})
  select (select id from person), ok.slot, ${sql.join(columns.map((c) => sql`${p[c]}`))} from ok
  returning *
)
select b.*, (select coalesce(json_agg(found), '[]'::json) from found) as found
  from (select 1) as one left join b on true`,
  );
});

/**
 * Register `row` in one statement on `db` (PostgreSQL, not in a transaction): the beneficiary
 * as stored, or, when its photo ID is taken or its mobile has no free slot, what shares them.
 */
export async function registerInOne(
  db: Conn,
  row: NewRow,
  maxPerMobile: number,
): Promise<{ inserted: Beneficiary } | { inserted: undefined; sharing: Sharing[] }> {
  const [{ found, ...b }] = (await registerStatement(db, { ...row, maxPerMobile })).rows;
  return b.id === null ? { inserted: undefined, sharing: found } : { inserted: b as Beneficiary };
}
