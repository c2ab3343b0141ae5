// A partner with a webhook endpoint and slots at fixed times, for webhook tests (no wall clock).
import { createPartner } from '../../src/core/partners/partners.js';
import { createPlace, createSlots } from '../../src/core/scheduling/catalogue.js';
import { createEndpoint } from '../../src/core/webhooks/endpoints.js';
import type { Store } from '../../src/store/index.js';

export const T0 = new Date('2030-03-01T06:00:00.000Z');
export const at = (ms: number) => new Date(T0.getTime() + ms);

export async function slotsAt(store: Store, capacities: number[]): Promise<number[]> {
  const place = await createPlace(store.db, {
    kind: 'clinic',
    name: `Webhook clinic ${Math.random()}`,
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
  const start = T0.getTime() + 2 * 24 * 3_600_000;
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

export async function partnerWithEndpoint(store: Store, secret: string, url: string, events?: string[]) {
  const p = await createPartner(store, secret, { name: `Hooked ${Math.random()}`, prdIds: [] });
  const e = await createEndpoint(store, secret, {
    partnerCode: p.partner.code,
    url,
    events,
    production: false,
    now: T0,
  });
  return {
    partner: p.partner.code,
    token: p.token,
    partnerSecret: p.secret,
    endpoint: e.endpoint.id,
    secret: e.secret,
  };
}
