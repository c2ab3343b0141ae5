// A partner with a webhook endpoint and slots at fixed times, for webhook tests (no wall clock).
import { createPartner } from '../../src/core/partners/partners.js';
import { createEndpoint } from '../../src/core/webhooks/endpoints.js';
import { dispatchOnce, type DispatchOptions } from '../../src/core/webhooks/dispatcher.js';
import type { Store } from '../../src/store/index.js';
import { TEST_SECRET } from '../helpers/db.js';
import { placeWithSlots } from '../helpers/fixtures.js';

export const T0 = new Date('2030-03-01T06:00:00.000Z');
export const at = (ms: number) => new Date(T0.getTime() + ms);

/** Slots two days after T0, an hour apart (never relative to the wall clock). */
export const slotsAt = (store: Store, capacities: number[]) =>
  placeWithSlots(store, capacities, { startAt: new Date(T0.getTime() + 2 * 24 * 3_600_000) });

/** One dispatcher pass at `now`, without jitter (the middle of the ±10 %). */
export const dispatcher =
  (store: Store, over: Partial<DispatchOptions> = {}) =>
  (now: Date, more: Partial<DispatchOptions> = {}) =>
    dispatchOnce({
      store,
      instanceSecret: TEST_SECRET,
      now: () => now,
      allowPrivate: true,
      random: () => 0.5,
      ...over,
      ...more,
    });

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
