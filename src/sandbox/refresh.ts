// Keep an old sandbox useful: on each start, add sessions to the sandbox's own centres and
// providers so that they always reach 14 days ahead. Places created by operators are left alone.
import { sql } from 'kysely';
import { createSlots, type SlotInput } from '../core/scheduling/catalogue.js';
import type { Store } from '../store/index.js';
import { providerSlots } from './kids.js';
import { centreSessions, sessionDates } from './vaccination.js';

/** Dates from the day after `latest` (or `today`) up to today + days − 1. */
function missingDates(latest: string | null, today: string, days: number): string[] {
  const all = sessionDates(today, days);
  return latest ? all.filter((d) => d > latest.slice(0, 10)) : all;
}

export async function extendSandbox(
  store: Store,
  today: string = new Date().toISOString().slice(0, 10),
  days = 14,
): Promise<number> {
  return store.tx(async (trx) => {
    const latestOf = async (pattern: string) => {
      const row = await trx
        .selectFrom('slots')
        .innerJoin('places', 'places.id', 'slots.place_id')
        .select(sql<string | null>`max(slots.start_at)`.as('latest'))
        .where('places.code', 'like', pattern)
        .executeTakeFirst();
      return row?.latest ?? null;
    };
    const slots: SlotInput[] = [];

    const centreDates = missingDates(await latestOf('cvc-%'), today, days);
    if (centreDates.length) {
      const centres = await trx
        .selectFrom('slots')
        .innerJoin('places', 'places.id', 'slots.place_id')
        .select([
          'places.id',
          sql<number>`max(slots.offering_id)`.as('offering_id'),
          sql<number>`max(slots.capacity)`.as('capacity'),
        ])
        .where('places.code', 'like', 'cvc-%')
        .groupBy('places.id')
        .execute();
      for (const c of centres)
        slots.push(...centreSessions(c.id, Number(c.offering_id), Number(c.capacity), centreDates));
    }

    const providerDates = missingDates(await latestOf('kvp-%'), today, days);
    if (providerDates.length) {
      const providers = await trx.selectFrom('places').select(['id', 'kind']).where('code', 'like', 'kvp-%').execute();
      for (const p of providers)
        slots.push(...providerSlots(p.id, p.kind === 'clinic' ? 'clinic' : 'home_visit', providerDates));
    }
    return createSlots(trx, slots);
  });
}
