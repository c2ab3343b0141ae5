// Table types of the partner APIs' shared machinery (migration 0004).
import type { Generated, Selectable } from 'kysely';

export interface PartnerTable {
  id: Generated<number>;
  /** Public partner id (`ptn_…`), also the owner_id of the partner's bookings. */
  code: string;
  name: string;
  /** SHA-256 hex of the partner token. */
  token_hash: string;
  active: number;
  created_at: string;
  updated_at: string;
  disabled_at: string | null;
  /** JSON array of the origins (`https://app.example`) checkout may send payers back to (0011). */
  checkout_origins: Generated<string>;
}
export interface PartnerSecretTable {
  id: Generated<number>;
  partner_id: number;
  /** The signing secret, AES-256-GCM encrypted with a key derived from CARESLOT_SECRET. */
  secret_enc: string;
  active: number;
  created_at: string;
  retired_at: string | null;
}
export interface PartnerProductTable {
  partner_id: number;
  prd_id: string;
}
/** A spent nonce under the request's signed Unix time `t` (migration 0015). */
export interface PartnerNonceTable {
  partner_id: number;
  t: number;
  nonce: string;
}
/** Nonces spent before migration 0015, refused until they are 660 s old. */
export interface PartnerNonceBefore0015Table {
  partner_id: number;
  nonce: string;
  seen_at: string;
}
export type Partner = Selectable<PartnerTable>;
