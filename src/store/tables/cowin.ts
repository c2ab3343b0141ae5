// Table types of the Registration & Appointment API (migrations 0002 and 0003).
import type { Generated, Insertable, Selectable } from 'kysely';

export interface GuestTable {
  id: Generated<number>;
  /** SHA-256 hex of the user_name (the login credential); never the clear value. */
  user_name: string;
  /** Last 4 characters of the user_name, so operators can tell accounts apart. */
  user_name_hint: string;
  name: string;
  disabled: number;
  created_at: string;
  disabled_at: string | null;
}

export type BeneficiaryGender = 'Male' | 'Female' | 'Others';
export interface BeneficiaryTable {
  id: Generated<number>;
  /** 14-digit random number handed to callers (beneficiary_reference_id). */
  reference_id: number;
  /** The core `people` row that holds seats in bookings. */
  person_id: number;
  /** The guest account (partner application) that registered the beneficiary. */
  guest_id: number;
  /** 10-digit mobile number. */
  mobile: string;
  /** 1..4: the beneficiary's place among its mobile's live beneficiaries. */
  mobile_slot: number;
  name: string;
  birth_year: number;
  gender: BeneficiaryGender;
  photo_id_type: number;
  /** Normalised (upper case, no separators) photo ID number. */
  photo_id_number: string;
  state_id: number | null;
  district_id: number | null;
  block_id: number | null;
  locality_id: number | null;
  pincode: number | null;
  address: string | null;
  /** Set when deleted: a deleted beneficiary is never listed, read or booked. */
  deleted_at: string | null;
  created_at: string;
  updated_at: string;
  /**
   * PostgreSQL: raised by every appointment booking of the beneficiary (migration 0014,
   * core/cowin/appointment-in-one.ts); a booking written in one statement books only where it
   * still holds what the statement read. Never read on SQLite.
   */
  booking_version: Generated<number>;
}

export interface OtpTransactionTable {
  /** The txnId (random UUID). */
  id: string;
  mobile: string;
  guest_id: number;
  /** HMAC-SHA256 of the OTP's SHA-256 hex, keyed by the instance secret. */
  otp_hash: string;
  attempts: Generated<number>;
  expires_at: string;
  consumed_at: string | null;
  created_at: string;
}

/** Fixed-window counters for rate limits and lockouts, shared by every server process. */
export interface RateCounterTable {
  key: string;
  count: number;
  expires_at: string;
}

export type Guest = Selectable<GuestTable>;
export type Beneficiary = Selectable<BeneficiaryTable>;
export type NewBeneficiary = Insertable<BeneficiaryTable>;
export type OtpTransaction = Selectable<OtpTransactionTable>;

// Operators (migration 0003): admins manage every centre, facility operators only their own
// (places.owner_id). Passwords are scrypt hashes `scrypt$<salt hex>$<hash hex>`.
export type OperatorRole = 'admin' | 'facility';
export interface OperatorTable {
  id: Generated<number>;
  email: string;
  password_hash: string;
  role: OperatorRole;
  disabled: number;
  failed_logins: Generated<number>;
  locked_until: string | null;
  created_at: string;
}
export type Operator = Selectable<OperatorTable>;

// API keys of the API Setu v2 dialect (migration 0007).
export type ApiKeyScope = 'public' | 'protected' | 'vaccinator';
export interface ApiKeyTable {
  id: Generated<number>;
  /** SHA-256 hex of the key; never the clear value. */
  key_hash: string;
  /** Last 4 characters of the key, so operators can tell keys apart. */
  key_hint: string;
  name: string;
  scope: ApiKeyScope;
  /** The one state a key acts in (the vaccinator scope), else null. */
  state_id: number | null;
  /** The guest account (partner application) the key acts for. */
  guest_id: number;
  /** 1: accepted in sandbox mode only (API Setu's published test key). */
  sandbox_only: number;
  disabled: number;
  created_at: string;
  disabled_at: string | null;
}
export type ApiKey = Selectable<ApiKeyTable>;
