// Read-only geography: states, districts, blocks and localities (post offices by pincode).
import type { Conn } from '../../store/index.js';

export async function listStates(db: Conn) {
  return db.selectFrom('states').select(['id', 'name']).orderBy('name').execute();
}

export async function listDistricts(db: Conn, stateId: number) {
  return db.selectFrom('districts').select(['id', 'name']).where('state_id', '=', stateId).orderBy('name').execute();
}

export async function listBlocks(db: Conn, districtId: number) {
  return db.selectFrom('blocks').select(['id', 'name']).where('district_id', '=', districtId).orderBy('name').execute();
}

export async function localitiesByPincode(db: Conn, pincode: number) {
  return db
    .selectFrom('localities')
    .select(['id', 'name', 'office_name', 'pincode'])
    .where('pincode', '=', pincode)
    .orderBy('id')
    .execute();
}
