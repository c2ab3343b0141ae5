// Vaccination records, certificate signing keys and the audit log (migration 0009).
import type { Generated, Selectable } from 'kysely';

export interface VaccinationTable {
  id: Generated<number>;
  beneficiary_id: number;
  dose: number;
  vaccine: string;
  batch: string;
  /** YYYY-MM-DD, India time. */
  given_on: string;
  place_id: number;
  vaccinator_name: string;
  /** The appointment (booking) the dose was given at, if there was one. */
  booking_id: number | null;
  /** The vaccinator key that recorded the dose. */
  api_key_id: number | null;
  certificate_id: number | string;
  created_at: string;
}
export type Vaccination = Selectable<VaccinationTable>;

export interface SigningKeyTable {
  kid: string;
  /** The public JWK (OKP, Ed25519) as JSON. */
  public_jwk: string;
  /** The private JWK sealed with the instance secret; null when it comes from configuration. */
  private_sealed: string | null;
  created_at: string;
}

export type AuditActorKind = 'api_key' | 'operator' | 'guest';
export interface AuditLogTable {
  id: Generated<number>;
  at: string;
  actor_kind: AuditActorKind;
  actor_id: number;
  operation: string;
  record_kind: string;
  record_ref: string;
}
export type AuditEntryRow = Selectable<AuditLogTable>;
