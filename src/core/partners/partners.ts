// Partners of the partner APIs: a bearer token (stored as its SHA-256), signing secrets
// (stored encrypted, since verifying an HMAC needs them; two active while one is rotated),
// product codes (`prd_id`): creating and changing them. How they are stored is in
// ./stored-credentials.ts, how requests find them (cached) in ./lookups.ts, and the nonces of
// signed requests in ./nonces.ts.
import { randomBytes } from 'node:crypto';
import { iso } from '../../store/dialect.js';
import type { Conn, Store } from '../../store/index.js';
import type { Partner } from '../../store/schema.js';
import { DomainError } from '../shared/errors.js';
import { opaqueId } from '../shared/ids.js';
import { bump, partnerProducts } from './lookups.js';
import { ACTIVE_SECRETS, encryptSecret, tokenHash } from './stored-credentials.js';

const PRD_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export const newPartnerToken = (): string => `cpt_${randomBytes(24).toString('base64url')}`;
export const newPartnerSecret = (): string => `cps_${randomBytes(32).toString('hex')}`;

export function checkPrdIds(prdIds: string[]): string[] {
  for (const p of prdIds) {
    if (!PRD_ID.test(p))
      throw new DomainError(
        'invalid',
        `product code "${p}" must be 1-64 characters of letters, digits, . _ - (starting with a letter or digit)`,
        { field: 'prd_id' },
      );
  }
  return [...new Set(prdIds)];
}

export interface NewPartner {
  name: string;
  prdIds: string[];
  code?: string;
  token?: string;
  secret?: string;
}
export interface CreatedPartner {
  partner: Partner;
  token: string;
  secret: string;
  prdIds: string[];
}

/** Create a partner inside the caller's transaction. The token and secret are returned once. */
export async function createPartnerIn(
  db: Conn,
  instanceSecret: string,
  p: NewPartner,
  now: Date = new Date(),
): Promise<CreatedPartner> {
  const name = p.name.trim();
  if (!name) throw new DomainError('invalid', 'a partner needs a name', { field: 'name' });
  const prdIds = checkPrdIds(p.prdIds);
  const token = p.token ?? newPartnerToken();
  const secret = p.secret ?? newPartnerSecret();
  const at = iso(now);
  const partner = await db
    .insertInto('partners')
    .values({
      code: p.code ?? opaqueId('ptn'),
      name,
      token_hash: tokenHash(token),
      active: 1,
      created_at: at,
      updated_at: at,
      disabled_at: null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await db
    .insertInto('partner_secrets')
    .values({
      partner_id: partner.id,
      secret_enc: encryptSecret(instanceSecret, secret),
      active: 1,
      created_at: at,
      retired_at: null,
    })
    .execute();
  if (prdIds.length)
    await db
      .insertInto('partner_products')
      .values(prdIds.map((prd_id) => ({ partner_id: partner.id, prd_id })))
      .execute();
  bump(db);
  return { partner, token, secret, prdIds };
}

export async function createPartner(store: Store, instanceSecret: string, p: NewPartner): Promise<CreatedPartner> {
  return store.tx((trx) => createPartnerIn(trx, instanceSecret, p));
}

export async function findPartner(db: Conn, code: string): Promise<Partner | undefined> {
  return db.selectFrom('partners').selectAll().where('code', '=', code).executeTakeFirst();
}

async function requirePartner(db: Conn, code: string): Promise<Partner> {
  const p = await findPartner(db, code);
  if (!p) throw new DomainError('not_found', `partner ${code} does not exist`);
  return p;
}

/**
 * Add a new secret. The previous one stays active (so a partner can switch over without
 * downtime); any older one is retired. Returns the new secret, shown once.
 */
export async function rotateSecret(
  store: Store,
  instanceSecret: string,
  code: string,
  now: Date = new Date(),
): Promise<{ partner: Partner; secret: string; active: number }> {
  return store.tx(async (trx) => {
    const partner = await requirePartner(trx, code);
    const secret = newPartnerSecret();
    const at = iso(now);
    await trx
      .insertInto('partner_secrets')
      .values({
        partner_id: partner.id,
        secret_enc: encryptSecret(instanceSecret, secret),
        active: 1,
        created_at: at,
        retired_at: null,
      })
      .execute();
    const live = await trx
      .selectFrom('partner_secrets')
      .select('id')
      .where('partner_id', '=', partner.id)
      .where('active', '=', 1)
      .orderBy('id', 'desc')
      .execute();
    const retire = live.slice(ACTIVE_SECRETS).map((r) => r.id);
    if (retire.length)
      await trx.updateTable('partner_secrets').set({ active: 0, retired_at: at }).where('id', 'in', retire).execute();
    bump(trx);
    return { partner, secret, active: Math.min(live.length, ACTIVE_SECRETS) };
  });
}

/** Finish a rotation: retire every secret but the newest. */
export async function retireOldSecrets(store: Store, code: string, now: Date = new Date()): Promise<number> {
  return store.tx(async (trx) => {
    const partner = await requirePartner(trx, code);
    const live = await trx
      .selectFrom('partner_secrets')
      .select('id')
      .where('partner_id', '=', partner.id)
      .where('active', '=', 1)
      .orderBy('id', 'desc')
      .execute();
    const retire = live.slice(1).map((r) => r.id);
    if (retire.length)
      await trx
        .updateTable('partner_secrets')
        .set({ active: 0, retired_at: iso(now) })
        .where('id', 'in', retire)
        .execute();
    bump(trx);
    return retire.length;
  });
}

export async function setPartnerActive(
  store: Store,
  code: string,
  active: boolean,
  now: Date = new Date(),
): Promise<Partner> {
  const at = iso(now);
  const p = await store.db
    .updateTable('partners')
    .set({ active: active ? 1 : 0, disabled_at: active ? null : at, updated_at: at })
    .where('code', '=', code)
    .returningAll()
    .executeTakeFirst();
  if (!p) throw new DomainError('not_found', `partner ${code} does not exist`);
  bump(store.db);
  return p;
}

export async function addProducts(db: Conn, partnerId: number, prdIds: string[]): Promise<void> {
  const list = checkPrdIds(prdIds);
  if (!list.length) return;
  await db
    .insertInto('partner_products')
    .values(list.map((prd_id) => ({ partner_id: partnerId, prd_id })))
    .onConflict((oc) => oc.columns(['partner_id', 'prd_id']).doNothing())
    .execute();
  bump(db);
}

export interface PartnerSummary {
  partner_id: string;
  name: string;
  active: boolean;
  prd_ids: string[];
  active_secrets: number;
  /** Where checkout may send payers back to (core/partners/checkout-urls.ts). */
  checkout_origins: string[];
  created_at: string;
}

export async function listPartners(db: Conn): Promise<PartnerSummary[]> {
  const partners = await db.selectFrom('partners').selectAll().orderBy('id').execute();
  const out: PartnerSummary[] = [];
  for (const p of partners) {
    const secrets = await db
      .selectFrom('partner_secrets')
      .select('id')
      .where('partner_id', '=', p.id)
      .where('active', '=', 1)
      .execute();
    out.push({
      partner_id: p.code,
      name: p.name,
      active: p.active === 1,
      prd_ids: await partnerProducts(db, p.id),
      active_secrets: secrets.length,
      checkout_origins: JSON.parse(p.checkout_origins) as string[],
      created_at: p.created_at,
    });
  }
  return out;
}
