// A beneficiary's location ids must exist and agree with each other (locality in pincode,
// pincode and block in district, district in state). Parents left out are filled in
// (and the pincode's block, when the pincode lies in one).
import { sql } from 'kysely';
import type { Conn } from '../../../store/index.js';
import { prepared } from '../../../store/prepared.js';
import { DomainError } from '../../shared/errors.js';
import type { LocationIds } from './input.js';

const bad = (message: string) => new DomainError('location_invalid', message);

type Ids = Record<'locality' | 'pincode' | 'block' | 'district' | 'state', number | null>;

/**
 * Every row the checks below may read, in one statement: each table joined on the id the
 * checks derive before reaching it (a locality gives its pincode and block, a pincode its
 * district and block, a block its district, a district its state), with that id as `*_key`.
 */
const locationRows = prepared((db, p: Ids) =>
  db
    .selectFrom(sql<{ one: number }>`(select 1 as one)`.as('x'))
    .leftJoin('localities as l', (j) => j.on('l.id', '=', p.locality))
    .leftJoin('pincodes as p', (j) => j.on('p.pincode', '=', sql<number>`coalesce(${p.pincode}, l.pincode)`))
    .leftJoin('blocks as b', (j) => j.on('b.id', '=', sql<number>`coalesce(${p.block}, l.block_id, p.block_id)`))
    .leftJoin('districts as d', (j) =>
      j.on('d.id', '=', sql<number>`coalesce(b.district_id, p.district_id, ${p.district})`),
    )
    .leftJoin('states as s', (j) => j.on('s.id', '=', sql<number>`coalesce(d.state_id, ${p.state})`))
    .select([
      'l.id as l_id',
      'l.pincode as l_pincode',
      'l.block_id as l_block',
      sql<number | null>`coalesce(${p.pincode}, l.pincode)`.as('p_key'),
      'p.pincode as p_pincode',
      'p.district_id as p_district',
      'p.block_id as p_block',
      sql<number | null>`coalesce(${p.block}, l.block_id, p.block_id)`.as('b_key'),
      'b.id as b_id',
      'b.district_id as b_district',
      sql<number | null>`coalesce(b.district_id, p.district_id, ${p.district})`.as('d_key'),
      'd.id as d_id',
      'd.state_id as d_state',
      sql<number | null>`coalesce(d.state_id, ${p.state})`.as('s_key'),
      's.id as s_id',
    ]),
);

type Rows = Awaited<ReturnType<typeof locationRows>>['rows'][number];

/**
 * The row of `key` from the prefetched ones when they were fetched for that key (they always
 * are: the joins derive ids as the checks do), or else read on its own.
 */
async function row<T>(fetchedKey: unknown, key: number, fetched: T | undefined, read: () => Promise<T | undefined>) {
  return fetchedKey !== null && Number(fetchedKey) === key ? fetched : read();
}

export async function resolveLocation(db: Conn, ids: LocationIds): Promise<LocationIds> {
  let { state_id, district_id, block_id, pincode } = ids;
  const { locality_id } = ids;
  if (locality_id === null && pincode === null && block_id === null && district_id === null && state_id === null)
    return { state_id, district_id, block_id, locality_id, pincode };
  const [r] = (
    await locationRows(db, {
      locality: locality_id,
      pincode,
      block: block_id,
      district: district_id,
      state: state_id,
    })
  ).rows as Rows[];
  if (locality_id !== null) {
    const l = await row(
      locality_id,
      locality_id,
      r.l_id === null ? undefined : { pincode: r.l_pincode!, block_id: r.l_block },
      () =>
        db.selectFrom('localities').select(['pincode', 'block_id']).where('id', '=', locality_id).executeTakeFirst(),
    );
    if (!l) throw bad(`locality_id ${locality_id} does not exist (see admin/location/getLocalitybyPincode)`);
    if (pincode !== null && pincode !== l.pincode) throw bad(`locality_id ${locality_id} is not in pincode ${pincode}`);
    if (block_id !== null && l.block_id !== null && block_id !== l.block_id)
      throw bad(`locality_id ${locality_id} is not in block_id ${block_id}`);
    pincode = l.pincode;
    block_id = block_id ?? l.block_id;
  }
  if (pincode !== null) {
    const at = pincode;
    const p = await row(
      r.p_key,
      at,
      r.p_pincode === null ? undefined : { district_id: r.p_district!, block_id: r.p_block },
      () => db.selectFrom('pincodes').select(['district_id', 'block_id']).where('pincode', '=', at).executeTakeFirst(),
    );
    if (!p) throw bad(`pincode ${pincode} is not a known pincode`);
    if (district_id !== null && district_id !== p.district_id)
      throw bad(`pincode ${pincode} is not in district_id ${district_id}`);
    district_id = p.district_id;
    block_id = block_id ?? p.block_id;
  }
  if (block_id !== null) {
    const at = block_id;
    const b = await row(r.b_key, at, r.b_id === null ? undefined : { district_id: r.b_district! }, () =>
      db.selectFrom('blocks').select(['district_id']).where('id', '=', at).executeTakeFirst(),
    );
    if (!b) throw bad(`block_id ${block_id} does not exist (see admin/location/blocks/:district_id)`);
    if (district_id !== null && district_id !== b.district_id)
      throw bad(`block_id ${block_id} is not in district_id ${district_id}`);
    district_id = b.district_id;
  }
  if (district_id !== null) {
    const at = district_id;
    const d = await row(r.d_key, at, r.d_id === null ? undefined : { state_id: r.d_state! }, () =>
      db.selectFrom('districts').select(['state_id']).where('id', '=', at).executeTakeFirst(),
    );
    if (!d) throw bad(`district_id ${district_id} does not exist (see admin/location/districts/:state_id)`);
    if (state_id !== null && state_id !== d.state_id)
      throw bad(`district_id ${district_id} is not in state_id ${state_id}`);
    state_id = d.state_id;
  }
  if (state_id !== null) {
    const at = state_id;
    const s = await row(r.s_key, at, r.s_id === null ? undefined : { id: r.s_id }, () =>
      db.selectFrom('states').select('id').where('id', '=', at).executeTakeFirst(),
    );
    if (!s) throw bad(`state_id ${state_id} does not exist (see admin/location/states)`);
  }
  return { state_id, district_id, block_id, locality_id, pincode };
}
