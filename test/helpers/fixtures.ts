// Small fixtures for core tests: a place with slots of a given capacity, and the
// invariant every test checks: each slot's booked count equals the seats of its live bookings.
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { createPlace, createSlots } from '../../src/core/scheduling/catalogue.js';
import type { Store } from '../../src/store/index.js';

export async function placeWithSlots(
  store: Store,
  capacities: number[],
  opts: { startInMinutes?: number; startAt?: Date } = {},
): Promise<number[]> {
  const place = await createPlace(store.db, {
    kind: 'clinic',
    name: `Test clinic ${Math.random()}`,
    external_ref: null,
    incharge_name: null,
    mobile: null,
    address: null,
    state_id: null,
    district_id: null,
    block_id: null,
    pincode: null,
    locality: null,
    area: null,
    centre_type: null,
    lat: null,
    lng: null,
    service_radius_km: null,
    owner_id: null,
    active: 1,
  });
  const start = opts.startAt?.getTime() ?? Date.now() + (opts.startInMinutes ?? 24 * 60) * 60_000;
  await createSlots(
    store.db,
    capacities.map((capacity, i) => ({
      place_id: place.id,
      offering_id: null,
      practitioner_id: null,
      label: `slot ${i}`,
      capacity,
      start_at: new Date(start + i * 3_600_000).toISOString(),
      end_at: new Date(start + i * 3_600_000 + 1_800_000).toISOString(),
    })),
  );
  const rows = await store.db.selectFrom('slots').select('id').where('place_id', '=', place.id).orderBy('id').execute();
  return rows.map((r) => r.id);
}

/** booked = seats of held (incl. expired-but-unswept), confirmed and completed bookings, for every slot. */
export async function assertSeatInvariant(store: Store): Promise<void> {
  const bad = await store.db
    .selectFrom('slots')
    .select(['slots.id', 'slots.booked', 'slots.capacity'])
    .select(
      sql<number>`coalesce((select sum(b.seats) from bookings b where b.slot_id = slots.id and b.status in ('held','confirmed','completed')), 0)`.as(
        'live',
      ),
    )
    .execute();
  for (const s of bad) {
    assert.equal(
      Number(s.booked),
      Number(s.live),
      `slot ${s.id}: booked ${s.booked} but live bookings hold ${s.live} seats`,
    );
    assert.ok(Number(s.booked) <= s.capacity, `slot ${s.id} overbooked`);
  }
}
