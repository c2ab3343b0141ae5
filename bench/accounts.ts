// Accounts and credentials the scenarios send: a guest account and its token, beneficiary
// tokens bound to each sample beneficiary's mobile, and a partner with token and secret for
// the signed partner APIs. Created directly through the store and core functions.
import { createHash, createHmac } from 'node:crypto';
import { createGuest } from '../src/core/cowin/guests.js';
import { createPartner } from '../src/core/partners/partners.js';
import { signToken, verifyToken } from '../src/core/shared/tokens.js';
import type { Store } from '../src/store/index.js';
import type { Beneficiary } from './people.js';

export interface Accounts {
  guestId: number;
  guestToken: string;
  partner: { id: number; token: string; secret: string; prdId: string };
}

const HOUR = 3600;

export async function createAccounts(store: Store, secret: string, kidsPrdId: string): Promise<Accounts> {
  const guestId = (await createGuest(store.db, { name: 'Bench guest' })).guest.id;
  const guestToken = await signToken(secret, { kind: 'guest', sub: String(guestId) }, HOUR);

  const created = await createPartner(store, secret, { name: 'Bench partner', prdIds: [kidsPrdId] });
  const partner = { id: created.partner.id, token: created.token, secret: created.secret, prdId: kidsPrdId };
  return { guestId, guestToken, partner };
}

const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');

/**
 * Tens of thousands of tokens through jose take tens of seconds (each sign imports the key
 * into WebCrypto), so the bench signs the same HS256 JWT synchronously. The first token is
 * checked with the core's verifyToken; if the core's scheme ever changes, the bench falls
 * back to signToken instead of sending tokens the server would refuse.
 */
function fastSigner(secret: string) {
  const key = createHash('sha256').update(`careslot-tokens:${secret}`).digest();
  const header = b64({ alg: 'HS256', typ: 'JWT' });
  return (claims: Record<string, unknown>, sub: string, kind: string, ttl: number) => {
    const iat = Math.floor(Date.now() / 1000);
    const body = `${header}.${b64({ ...claims, sub, aud: `careslot:${kind}`, iat, exp: iat + ttl })}`;
    return `${body}.${createHmac('sha256', key).update(body).digest('base64url')}`;
  };
}

/** Beneficiary tokens ({kind:'beneficiary', sub: mobile, guest_id}) for the given people. */
export async function beneficiaryTokens(secret: string, guestId: number, people: Beneficiary[]): Promise<string[]> {
  if (people.length === 0) return [];
  const sign = fastSigner(secret);
  const probe = sign({ guest_id: guestId }, people[0].mobile, 'beneficiary', HOUR);
  const checked = await verifyToken(secret, probe, ['beneficiary']);
  if (checked.ok && checked.claims.sub === people[0].mobile && checked.claims.guest_id === guestId) {
    return people.map((b) => sign({ guest_id: guestId }, b.mobile, 'beneficiary', HOUR));
  }
  const out: string[] = [];
  for (const b of people)
    out.push(await signToken(secret, { kind: 'beneficiary', sub: b.mobile, guest_id: guestId }, HOUR));
  return out;
}
