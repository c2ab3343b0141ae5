// Versions of what availability answers are made of, for in-process read caches.
//
// Every change to a place's seats bumps that place's version once its transaction has
// committed (store `afterCommit`), and every change to the catalogue (slots added, removed or
// resized) bumps the epoch of all places. A cache entry remembers the version it was read at
// (taken before the read) and is used only while that version is still current, so in one
// process a read that starts after a booking was acknowledged always sees the booking.
// Changes made by other processes are not seen here: caches bound them with a time to live.
import { afterCommit, type Conn } from '../../store/index.js';

const places = new Map<number, number>();
let epoch = 0;

/** The current version of a place's availability in this process. */
export function placeVersion(placeId: number): number {
  return epoch * 2 ** 26 + (places.get(placeId) ?? 0);
}

/** The current version of the catalogue (which slots exist, their times and capacities). */
export function catalogueVersion(): number {
  return epoch;
}

/** Seats of a slot at `placeId` were taken or given back in `conn`. */
export function seatsChanged(conn: Conn, placeId: number): void {
  afterCommit(conn, () => places.set(placeId, ((places.get(placeId) ?? 0) + 1) % 2 ** 26));
}

/** Slots were added, removed or changed in `conn` (imports, generation, operators' edits). */
export function catalogueChanged(conn: Conn): void {
  afterCommit(conn, () => {
    epoch++;
  });
}
