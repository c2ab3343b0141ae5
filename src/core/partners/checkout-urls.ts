// Where the checkout page sends the payer back to: a booking's `return_url` (after paying)
// and `cancel_url` (after declining or cancelling), each on an origin the partner registered.
// Origins are registered by operators (CLI, console) on the partner row, so a partner read
// from the partner cache carries them: checking a booking's URLs costs no SQL.
import type { Conn } from '../../store/index.js';
import type { Partner } from '../../store/schema.js';
import { DomainError } from '../shared/errors.js';
import { findPartner } from './partners.js';
import { bump } from './lookups.js';

/** What a booking records about its way back (bookings.details.checkout). */
export interface CheckoutUrls {
  return_url?: string;
  cancel_url?: string;
}

const MAX_ORIGINS = 20;

/** The origins registered for a partner. */
export function originsOf(p: Pick<Partner, 'checkout_origins'>): string[] {
  try {
    const list = JSON.parse(p.checkout_origins) as unknown;
    return Array.isArray(list) ? list.filter((o): o is string => typeof o === 'string') : [];
  } catch {
    return [];
  }
}

/** `https://app.example.com[:port]` from what an operator typed; refuses anything with a path, query or user. */
export function parseOrigin(text: string): string {
  let u: URL | undefined;
  try {
    u = new URL(text.trim());
  } catch {
    u = undefined;
  }
  const bare = u && u.pathname === '/' && !u.search && !u.hash && !u.username && !u.password;
  if (!u || !bare || (u.protocol !== 'https:' && u.protocol !== 'http:'))
    throw new DomainError(
      'invalid',
      `"${text.slice(0, 100)}" is not an origin: give the scheme, host and optional port only, like https://app.example.com`,
      { field: 'origin' },
    );
  return u.origin;
}

/** Add and remove origins of partner `code` (or, with `replace`, set them to `add`); returns them after the change. */
export async function setCheckoutOrigins(
  db: Conn,
  code: string,
  change: { add?: string[]; remove?: string[]; replace?: boolean },
): Promise<string[]> {
  const partner = await findPartner(db, code);
  if (!partner) throw new DomainError('not_found', `partner ${code} does not exist`, { field: 'partner_id' });
  const removed = new Set((change.remove ?? []).map(parseOrigin));
  const kept = change.replace ? [] : originsOf(partner);
  const origins = [...new Set([...kept, ...(change.add ?? []).map(parseOrigin)])].filter((o) => !removed.has(o));
  if (origins.length > MAX_ORIGINS)
    throw new DomainError('invalid', `a partner may register at most ${MAX_ORIGINS} origins`, { field: 'origin' });
  await db
    .updateTable('partners')
    .set({ checkout_origins: JSON.stringify(origins), updated_at: new Date().toISOString() })
    .where('id', '=', partner.id)
    .execute();
  bump(db);
  return origins;
}

function checkUrl(partner: Partner, field: 'return_url' | 'cancel_url', url: string): string {
  let u: URL | undefined;
  try {
    u = new URL(url);
  } catch {
    u = undefined;
  }
  if (!u || (u.protocol !== 'https:' && u.protocol !== 'http:') || u.username || u.password)
    throw new DomainError('invalid', `${field} must be an absolute http(s) URL like https://app.example.com/done`, {
      field,
    });
  const origins = originsOf(partner);
  if (!origins.includes(u.origin))
    throw new DomainError(
      'invalid',
      `${field} is on ${u.origin}, which is not registered for your partner account ` +
        `(${origins.length ? `registered: ${origins.join(', ')}` : 'none registered'}); ask the operator to add it`,
      { field },
    );
  return u.href;
}

/** A booking's way back, each URL on an origin the partner registered (1001 naming the field otherwise). */
export function checkoutUrls(partner: Partner, urls: CheckoutUrls): CheckoutUrls | undefined {
  const out: CheckoutUrls = {};
  if (urls.return_url !== undefined) out.return_url = checkUrl(partner, 'return_url', urls.return_url);
  if (urls.cancel_url !== undefined) out.cancel_url = checkUrl(partner, 'cancel_url', urls.cancel_url);
  return out.return_url || out.cancel_url ? out : undefined;
}

/** The way back a booking recorded, from its `details` (kept by the dialect that booked it). */
export function checkoutUrlsOf(details: string): CheckoutUrls {
  try {
    const d = JSON.parse(details) as { checkout?: CheckoutUrls };
    const c = d.checkout ?? {};
    return {
      ...(typeof c.return_url === 'string' ? { return_url: c.return_url } : {}),
      ...(typeof c.cancel_url === 'string' ? { cancel_url: c.cancel_url } : {}),
    };
  } catch {
    return {};
  }
}
