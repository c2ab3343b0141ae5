// How a request finds its partner, the partner's active secrets and product codes: from the
// database, kept in this process for at most PARTNER_CACHE_TTL_MS, and dropped at once when this
// process changes them (./partners.ts calls `bump`).
import { timingSafeEqual } from 'node:crypto';
import { fixedLimit } from '../../store/dialect.js';
import { afterCommit, type Conn } from '../../store/index.js';
import type { Partner } from '../../store/schema.js';
import { TtlCache, cached } from '../shared/ttl-cache.js';
import { ACTIVE_SECRETS, decryptSecret, tokenHash } from './stored-credentials.js';

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

/** The partner row if it holds the token of `hash` (compared in constant time) and is active. */
function activeHolder(p: Partner | undefined, hash: string): Partner | undefined {
  if (!p || !timingSafeEqual(Buffer.from(p.token_hash, 'hex'), Buffer.from(hash, 'hex'))) return undefined;
  return p.active === 1 ? p : undefined;
}

const secretsKey = (partnerId: number, instanceSecret: string) => `${partnerId}\u0000${instanceSecret}`;

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
  // An unknown token is not kept (undefined is a miss to `cached`): it is read again next time.
  const p = caches
    ? await cached(caches.byToken, hash, currentGeneration, () => partnerRowByHash(db, hash) as Promise<Partner>)
    : await partnerRowByHash(db, hash);
  return activeHolder(p, hash);
}

/** A partner as kept in this process's caches, with its active secrets and product codes. */
export interface KeptSigner {
  partner: Partner;
  secrets: readonly string[];
  /** Undefined when not kept (a partner of the video API need never look them up). */
  products: readonly string[] | undefined;
}

/**
 * The active partner holding `token` with its secrets (and its products, if kept), only when
 * they are kept and current (the paths around Fastify do no I/O); undefined otherwise, unknown
 * and disabled partners included: the route judges those.
 */
export function keptSigner(db: Conn, instanceSecret: string, token: string): KeptSigner | undefined {
  const caches = cachesFor(db);
  if (!caches) return undefined;
  const hash = tokenHash(token);
  const partner = activeHolder(caches.byToken.get(hash, generation), hash);
  if (!partner) return undefined;
  const secrets = caches.secrets.get(secretsKey(partner.id, instanceSecret), generation);
  const products = caches.products.get(partner.id, generation);
  return secrets ? { partner, secrets, products } : undefined;
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
  return cached(caches.secrets, secretsKey(partnerId, instanceSecret), currentGeneration, load);
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
