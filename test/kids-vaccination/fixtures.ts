// Shared inputs for the Kids Vaccination tests (sandbox catalogue: prd_id KV-SANDBOX).
import assert from 'node:assert/strict';
import type { PartnerClient } from '../helpers/partner.js';

export const P = '/kids-vaccination/v1';
export const PRD = 'KV-SANDBOX';
export const RIYADH = { lat: 24.7136, lng: 46.6753 };

/** A day ahead (YYYY-MM-DD), inside the sandbox's 14 days of slots. */
export function daysAhead(n = 1): string {
  return new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
}

/** A birth date `months` months before the visit day. */
export function bornMonthsBefore(months: number, visit = daysAhead(1)): string {
  const d = new Date(`${visit}T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() - months);
  d.setUTCDate(d.getUTCDate() - 3);
  return d.toISOString().slice(0, 10);
}

export interface BrowseProvider {
  id: string;
  name: string;
  type: string;
  distance_km: number;
  service_radius_km: number;
  slots: { id: string; start: string; end: string; available: number }[];
}

export async function browseFor(
  p: PartnerClient,
  services: string[],
  opts: { date?: string; location?: { lat: number; lng: number } } = {},
): Promise<BrowseProvider[]> {
  const res = await p.post(`${P}/browse`, {
    prd_id: PRD,
    services,
    date: opts.date ?? daysAhead(1),
    location: opts.location ?? RIYADH,
  });
  assert.equal(res.statusCode, 200, res.body);
  return res.json().data.info.providers;
}

export function bookBody(over: Record<string, unknown> & { provider_id: string; slot_id: string }) {
  return {
    prd_id: PRD,
    partner_reference: `ref-${Math.random().toString(36).slice(2)}`,
    services: ['kv-hexa'],
    child: { name: 'Lina Al-Harbi', birth_date: bornMonthsBefore(6), gender: 'female' },
    guardian: { name: 'Noura Al-Harbi', mobile: '+966501234567' },
    ...over,
  };
}
