// Places with the names of their state, district and block (each may be missing): the one
// join that listings of places share.
import type { Conn } from '../../store/index.js';

/** `places` joined to its geography, selecting `state_name`, `district_name`, `block_name`. */
export function placesWithGeography(db: Conn) {
  return db
    .selectFrom('places')
    .leftJoin('states', 'states.id', 'places.state_id')
    .leftJoin('districts', 'districts.id', 'places.district_id')
    .leftJoin('blocks', 'blocks.id', 'places.block_id')
    .select(['states.name as state_name', 'districts.name as district_name', 'blocks.name as block_name']);
}
