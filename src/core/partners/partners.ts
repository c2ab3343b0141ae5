// Partners of the partner APIs: a bearer token (stored as its SHA-256), signing secrets
// (stored encrypted, since verifying an HMAC needs them; two active while one is rotated),
// product codes (`prd_id`). The nonces of signed requests are in ./nonces.ts.
import { createCipheriv, createDecipheriv, createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { iso, fixedLimit } from '../../store/dialect.js';
import { afterCommit, type Conn, type Store } from '../../store/index.js';
import type { Partner } from '../../store/schema.js';
import { DomainError } from '../shared/errors.js';
import { opaqueId } from '../shared/ids.js';
import { TtlCache, cached, cacheNow } from '../shared/ttl-cache.js';

/** Secrets kept active at once: the newest and the one being rotated out. */
export const ACTIVE_SECRETS = 2;

const PRD_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export function tokenHash(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

const keys = new Map<string, Buffer>();
function secretKey(instanceSecret: string): Buffer {
  let k = keys.get(instanceSecret);
  if (!k) {
    k = createHash('sha256').update(`careslot-partner-secrets:${instanceSecret}`).digest();
    keys.set(instanceSecret, k);
  }
  return k;
}

/** AES-256-GCM with a key derived from CARESLOT_SECRET: `v1.<iv>.<tag>.<ciphertext>` (base64url). */
export function encryptSecret(instanceSecret: string, plain: string): string {
  const iv = randomBytes(12);
  const c = createCipheriv('aes-256-gcm', secretKey(instanceSecret), iv);
  const ct = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
  return ['v1', iv.toString('base64url'), c.getAuthTag().toString('base64url'), ct.toString('base64url')].join('.');
}

export function decryptSecret(instanceSecret: string, stored: string): string {
  const [v, iv, tag, ct] = stored.split('.');
  if (v !== 'v1' || !iv || !tag || ct === undefined) throw new Error('unreadable partner secret');
  const d = createDecipheriv('aes-256-gcm', secretKey(instanceSecret), Buffer.from(iv, 'base64url'));
  d.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([d.update(Buffer.from(ct, 'base64url')), d.final()]).toString('utf8');
}

/**
 * How long this process may keep using a partner, its secrets or its products after another
 * process changed them (disabled, rotated, retired). Changes made through this process's own
 * functions below take effect at once: they bump `generation`, which every cached entry records.
 */
export const PARTNER_CACHE_TTL_MS = 1000;
const PARTNER_CACHE_ENTRIES = 10_000;
let generation = 0;
/** Make every cached partner entry stale once `conn`'s transaction commits. */
export const bump = (conn: Conn) =>
  afterCommit(conn, () => {
    generation++;
  });
const currentGeneration = () => generation;

// One set of caches per database handle (tests run several databases in one process);
// reads inside a transaction never use them.
interface PartnerCaches {
  byToken: TtlCache<string, Partner>;
  secrets: TtlCache<string, string[]>;
  products: TtlCache<number, string[]>;
}
const cachesByDb = new WeakMap<object, PartnerCaches>();
function cachesFor(db: Conn): PartnerCaches | undefined {
  if (db.isTransaction) return undefined;
  let c = cachesByDb.get(db);
  if (!c) {
    c = {
      byToken: new TtlCache(PARTNER_CACHE_TTL_MS, PARTNER_CACHE_ENTRIES),
      secrets: new TtlCache(PARTNER_CACHE_TTL_MS, PARTNER_CACHE_ENTRIES),
      products: new TtlCache(PARTNER_CACHE_TTL_MS, PARTNER_CACHE_ENTRIES),
    };
    cachesByDb.set(db, c);
  }
  return c;
}

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

async function partnerRowByHash(db: Conn, hash: string): Promise<Partner | undefined> {
  return db.selectFrom('partners').selectAll().where('token_hash', '=', hash).executeTakeFirst();
}

/**
 * The active partner holding `token`, or undefined (unknown or disabled). Known tokens are
 * cached (see PARTNER_CACHE_TTL_MS); unknown ones always go to the database.
 */
export async function partnerByToken(db: Conn, token: string): Promise<Partner | undefined> {
  const hash = tokenHash(token);
  const caches = cachesFor(db);
  let p: Partner | undefined;
  if (caches) {
    const gen = generation;
    p = caches.byToken.get(hash, gen);
    if (p === undefined) {
      const at = cacheNow();
      p = await partnerRowByHash(db, hash);
      if (p) caches.byToken.set(hash, p, gen, at);
    }
  } else p = await partnerRowByHash(db, hash);
  if (!p || !timingSafeEqual(Buffer.from(p.token_hash, 'hex'), Buffer.from(hash, 'hex'))) return undefined;
  return p.active === 1 ? p : undefined;
}

/** The partner's active signing secrets, newest first (decrypted once per cache lifetime). */
export async function activeSecrets(db: Conn, instanceSecret: string, partnerId: number): Promise<string[]> {
  const load = async () => {
    const rows = await db
      .selectFrom('partner_secrets')
      .select('secret_enc')
      .where('partner_id', '=', partnerId)
      .where('active', '=', 1)
      .orderBy('id', 'desc')
      .limit(fixedLimit(ACTIVE_SECRETS))
      .execute();
    return rows.map((r) => decryptSecret(instanceSecret, r.secret_enc));
  };
  const caches = cachesFor(db);
  if (!caches) return load();
  return cached(caches.secrets, `${partnerId}\u0000${instanceSecret}`, currentGeneration, load);
}

async function loadProducts(db: Conn, partnerId: number): Promise<string[]> {
  const rows = await db
    .selectFrom('partner_products')
    .select('prd_id')
    .where('partner_id', '=', partnerId)
    .orderBy('prd_id')
    .execute();
  return rows.map((r) => r.prd_id);
}

export async function partnerProducts(db: Conn, partnerId: number): Promise<string[]> {
  return loadProducts(db, partnerId);
}

/** Whether the partner holds the product code (cached like the partner itself). */
export async function hasProduct(db: Conn, partnerId: number, prdId: string): Promise<boolean> {
  const caches = cachesFor(db);
  const products = caches
    ? await cached(caches.products, partnerId, currentGeneration, () => loadProducts(db, partnerId))
    : await loadProducts(db, partnerId);
  return products.includes(prdId);
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
