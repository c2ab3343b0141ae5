// Vaccination centres near a point, nearest first (API Setu v2 findByLatLong).
import type { Conn } from '../../store/index.js';

/** How far findByLatLong looks, and how many centres it returns at most. */
export const NEARBY_KM = 50;
export const NEARBY_MAX = 50;

const KM_PER_DEGREE = 111.32;

/** Great-circle distance in km. */
export function distanceKm(lat1: number, lng1: number, lat2: number, lng2: number): number {
  const rad = Math.PI / 180;
  const a =
    Math.sin(((lat2 - lat1) * rad) / 2) ** 2 +
    Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(((lng2 - lng1) * rad) / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.min(1, Math.sqrt(a)));
}

/** Ids of the active vaccination centres within NEARBY_KM of (lat, lng), nearest first. */
export async function centreIdsNear(db: Conn, lat: number, lng: number): Promise<number[]> {
  const dLat = NEARBY_KM / KM_PER_DEGREE;
  const dLng = NEARBY_KM / (KM_PER_DEGREE * Math.max(0.1, Math.cos((lat * Math.PI) / 180)));
  const rows = await db
    .selectFrom('places')
    .select(['id', 'lat', 'lng'])
    .where('kind', '=', 'vaccination_centre')
    .where('active', '=', 1)
    .where('lat', '>=', lat - dLat)
    .where('lat', '<=', lat + dLat)
    .where('lng', '>=', lng - dLng)
    .where('lng', '<=', lng + dLng)
    .execute();
  return rows
    .map((r) => ({ id: r.id, km: distanceKm(lat, lng, Number(r.lat), Number(r.lng)) }))
    .filter((r) => r.km <= NEARBY_KM)
    .sort((a, b) => a.km - b.km || a.id - b.id)
    .slice(0, NEARBY_MAX)
    .map((r) => r.id);
}
