// Partners' webhook endpoints: a URL, the event types it wants, and its own signing secret
// (shown once when created, stored encrypted like partner secrets). Every function that takes
// a `partnerCode` acts only on that partner's endpoints (object-level authorization); the
// operator's CLI and console pass the partner they chose.
import { iso } from '../../store/dialect.js';
import type { Conn, Store } from '../../store/index.js';
import type { WebhookEndpoint } from '../../store/schema.js';
import { findPartner } from '../partners/partners.js';
import { decryptSecret, encryptSecret } from '../partners/stored-credentials.js';
import { EVENT_TYPES, noteEventConsumer, type EventType } from '../scheduling/events.js';
import { DomainError } from '../shared/errors.js';
import { opaqueId } from '../shared/ids.js';
import { isPublicAddress } from './http-post.js';
import { newWebhookSecret } from './signing.js';

export const MAX_ENDPOINTS = 10;
const MAX_URL = 2000;

export interface EndpointView {
  id: string;
  partner_id: string;
  url: string;
  events: string[];
  enabled: boolean;
  created_at: string;
  disabled_at: string | null;
}

export function endpointView(e: WebhookEndpoint, partnerCode: string): EndpointView {
  return {
    id: e.code,
    partner_id: partnerCode,
    url: e.url,
    events: JSON.parse(e.events) as string[],
    enabled: e.disabled === 0,
    created_at: e.created_at,
    disabled_at: e.disabled_at,
  };
}

/** Check a URL an endpoint is registered with; in production only public https URLs. */
export function checkEndpointUrl(raw: string, production: boolean): string {
  const url = raw.trim();
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new DomainError(
      'invalid',
      'url must be an absolute http(s) URL, e.g. https://partner.example/careslot/events',
      {
        field: 'url',
      },
    );
  }
  if (url.length > MAX_URL)
    throw new DomainError('invalid', `url must be at most ${MAX_URL} characters`, { field: 'url' });
  if (u.protocol !== 'https:' && u.protocol !== 'http:')
    throw new DomainError('invalid', 'url must start with https:// (or http:// outside production)', { field: 'url' });
  if (u.username || u.password)
    throw new DomainError('invalid', 'url must not carry a user name or password; deliveries are signed instead', {
      field: 'url',
    });
  if (production) {
    if (u.protocol !== 'https:')
      throw new DomainError('invalid', 'url must start with https:// in production', { field: 'url' });
    const host = u.hostname.replace(/^\[|\]$/g, '');
    if (host === 'localhost' || host.endsWith('.localhost') || (/^[\d.:a-f]+$/i.test(host) && !isPublicAddress(host)))
      throw new DomainError(
        'invalid',
        'url must point to a public address in production (not localhost or a private network)',
        {
          field: 'url',
        },
      );
  }
  return url;
}

/** Event types an endpoint subscribes to: a list of known types, or none/`*` for all. */
export function checkEventTypes(events: string[] | undefined): string[] {
  if (!events || events.length === 0 || (events.length === 1 && events[0] === '*')) return ['*'];
  const unknown = events.filter((e) => !(EVENT_TYPES as readonly string[]).includes(e));
  if (unknown.length > 0)
    throw new DomainError(
      'invalid',
      `unknown event type ${unknown.join(', ')}; use any of ${EVENT_TYPES.join(', ')} or *`,
      {
        field: 'events',
      },
    );
  return [...new Set(events)].sort();
}

export function subscribes(endpointEvents: string, type: EventType | string): boolean {
  const events = JSON.parse(endpointEvents) as string[];
  return events.includes('*') || events.includes(type);
}

async function partnerOf(db: Conn, partnerCode: string) {
  const partner = await findPartner(db, partnerCode);
  if (!partner) throw new DomainError('not_found', `partner ${partnerCode} does not exist`);
  return partner;
}

export interface NewEndpoint {
  partnerCode: string;
  url: string;
  events?: string[];
  production: boolean;
  now?: Date;
}

/** Register an endpoint; its signing secret is returned here and never again. */
export async function createEndpoint(
  store: Store,
  instanceSecret: string,
  input: NewEndpoint,
): Promise<{ endpoint: EndpointView; secret: string }> {
  const url = checkEndpointUrl(input.url, input.production);
  const events = checkEventTypes(input.events);
  const secret = newWebhookSecret();
  const at = iso(input.now ?? new Date());
  const row = await store.tx(async (trx) => {
    const partner = await partnerOf(trx, input.partnerCode);
    const { n } = await trx
      .selectFrom('webhook_endpoints')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('partner_id', '=', partner.id)
      .where('disabled', '=', 0)
      .executeTakeFirstOrThrow();
    if (Number(n) >= MAX_ENDPOINTS)
      throw new DomainError(
        'conflict',
        `a partner may have at most ${MAX_ENDPOINTS} enabled endpoints; disable one first`,
      );
    return trx
      .insertInto('webhook_endpoints')
      .values({
        code: opaqueId('whe'),
        partner_id: partner.id,
        url,
        events: JSON.stringify(events),
        secret_enc: encryptSecret(instanceSecret, secret),
        disabled: 0,
        created_at: at,
        disabled_at: null,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
  });
  noteEventConsumer(input.partnerCode);
  return { endpoint: endpointView(row, input.partnerCode), secret };
}

export async function listEndpoints(db: Conn, partnerCode: string): Promise<EndpointView[]> {
  const partner = await partnerOf(db, partnerCode);
  const rows = await db
    .selectFrom('webhook_endpoints')
    .selectAll()
    .where('partner_id', '=', partner.id)
    .orderBy('id')
    .execute();
  return rows.map((r) => endpointView(r, partnerCode));
}

/** One of the partner's endpoints, or not_found (also when it is another partner's). */
export async function endpointOf(db: Conn, partnerCode: string, endpointCode: string): Promise<WebhookEndpoint> {
  const partner = await partnerOf(db, partnerCode);
  const row = await db
    .selectFrom('webhook_endpoints')
    .selectAll()
    .where('code', '=', endpointCode)
    .where('partner_id', '=', partner.id)
    .executeTakeFirst();
  if (!row) throw new DomainError('not_found', `partner ${partnerCode} has no webhook endpoint ${endpointCode}`);
  return row;
}

/** Disable (no new deliveries; pending ones stop) or enable an endpoint again. */
export async function setEndpointEnabled(
  store: Store,
  partnerCode: string,
  endpointCode: string,
  enabled: boolean,
  now: Date = new Date(),
): Promise<EndpointView> {
  const row = await store.tx(async (trx) => {
    const e = await endpointOf(trx, partnerCode, endpointCode);
    return trx
      .updateTable('webhook_endpoints')
      .set({ disabled: enabled ? 0 : 1, disabled_at: enabled ? null : iso(now) })
      .where('id', '=', e.id)
      .returningAll()
      .executeTakeFirstOrThrow();
  });
  if (enabled) noteEventConsumer(partnerCode);
  return endpointView(row, partnerCode);
}

/** The endpoint's signing secret in clear (for signing a delivery). */
export function endpointSecret(instanceSecret: string, e: Pick<WebhookEndpoint, 'secret_enc'>): string {
  return decryptSecret(instanceSecret, e.secret_enc);
}
