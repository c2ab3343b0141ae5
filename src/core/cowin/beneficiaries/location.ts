// A beneficiary's location ids must exist and agree with each other (locality in pincode,
// pincode and block in district, district in state). Parents left out are filled in
// (and the pincode's block, when the pincode lies in one).
import type { Conn } from '../../../store/index.js';
import { DomainError } from '../../shared/errors.js';
import type { LocationIds } from './input.js';

const bad = (message: string) => new DomainError('location_invalid', message);

export async function resolveLocation(db: Conn, ids: LocationIds): Promise<LocationIds> {
  let { state_id, district_id, block_id, pincode } = ids;
  const { locality_id } = ids;
  if (locality_id !== null) {
    const l = await db
      .selectFrom('localities')
      .select(['pincode', 'block_id'])
      .where('id', '=', locality_id)
      .executeTakeFirst();
    if (!l) throw bad(`locality_id ${locality_id} does not exist (see admin/location/getLocalitybyPincode)`);
    if (pincode !== null && pincode !== l.pincode) throw bad(`locality_id ${locality_id} is not in pincode ${pincode}`);
    if (block_id !== null && l.block_id !== null && block_id !== l.block_id)
      throw bad(`locality_id ${locality_id} is not in block_id ${block_id}`);
    pincode = l.pincode;
    block_id = block_id ?? l.block_id;
  }
  if (pincode !== null) {
    const p = await db
      .selectFrom('pincodes')
      .select(['district_id', 'block_id'])
      .where('pincode', '=', pincode)
      .executeTakeFirst();
    if (!p) throw bad(`pincode ${pincode} is not a known pincode`);
    if (district_id !== null && district_id !== p.district_id)
      throw bad(`pincode ${pincode} is not in district_id ${district_id}`);
    district_id = p.district_id;
    block_id = block_id ?? p.block_id;
  }
  if (block_id !== null) {
    const b = await db.selectFrom('blocks').select(['district_id']).where('id', '=', block_id).executeTakeFirst();
    if (!b) throw bad(`block_id ${block_id} does not exist (see admin/location/blocks/:district_id)`);
    if (district_id !== null && district_id !== b.district_id)
      throw bad(`block_id ${block_id} is not in district_id ${district_id}`);
    district_id = b.district_id;
  }
  if (district_id !== null) {
    const d = await db.selectFrom('districts').select(['state_id']).where('id', '=', district_id).executeTakeFirst();
    if (!d) throw bad(`district_id ${district_id} does not exist (see admin/location/districts/:state_id)`);
    if (state_id !== null && state_id !== d.state_id)
      throw bad(`district_id ${district_id} is not in state_id ${state_id}`);
    state_id = d.state_id;
  }
  if (state_id !== null) {
    const s = await db.selectFrom('states').select('id').where('id', '=', state_id).executeTakeFirst();
    if (!s) throw bad(`state_id ${state_id} does not exist (see admin/location/states)`);
  }
  return { state_id, district_id, block_id, locality_id, pincode };
}
