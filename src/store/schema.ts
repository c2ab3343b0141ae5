// Table types for Kysely. Timestamps are ISO-8601 UTC strings in both databases
// (generated in code), booleans are 0/1 integers, JSON documents are text.
import type { Generated, Insertable, Selectable, Updateable } from 'kysely';

export interface StateTable { id: number; name: string }
export interface DistrictTable { id: number; state_id: number; name: string }
export interface BlockTable { id: Generated<number>; district_id: number; name: string }
export interface PincodeTable { pincode: number; district_id: number; block_id: number | null; lat: number | null; lng: number | null }
export interface LocalityTable { id: Generated<number>; pincode: number; block_id: number | null; name: string; office_name: string | null }

export type PlaceKind = 'vaccination_centre' | 'clinic' | 'home_visit' | 'virtual_clinic';
export interface PlaceTable {
  id: Generated<number>;
  code: string;
  kind: PlaceKind;
  name: string;
  /** Natural key from the system that created the place (e.g. a facility sheet), for idempotent imports. */
  external_ref: string | null;
  incharge_name: string | null;
  mobile: string | null;
  address: string | null;
  state_id: number | null;
  district_id: number | null;
  block_id: number | null;
  pincode: number | null;
  locality: string | null;
  area: string | null;
  centre_type: string | null;
  lat: number | null;
  lng: number | null;
  service_radius_km: number | null;
  timezone: string;
  owner_id: number | null;
  /** A centre's total doses per day (`Vaccancy` of its facility sheet; migration 0003). */
  daily_capacity?: number | null;
  active: number;
  created_at: string;
  updated_at: string;
}

export type OfferingKind = 'vaccine' | 'kids_service' | 'speciality';
export interface OfferingTable {
  id: Generated<number>;
  code: string;
  kind: OfferingKind;
  /** Catalogue the offering belongs to (a partner product code for kids services). */
  catalog: string | null;
  name: string;
  description: string | null;
  price_minor: number | null;
  currency: string | null;
  min_age_months: number | null;
  max_age_months: number | null;
  doses: number | null;
  dose_gap_days: number | null;
  details: string;
  active: number;
  created_at: string;
}

export interface PlaceOfferingTable { place_id: number; offering_id: number }

export interface PractitionerTable {
  id: Generated<number>;
  code: string;
  place_id: number | null;
  offering_id: number | null;
  title: string | null;
  first_name: string;
  last_name: string;
  gender: string | null;
  photo_url: string | null;
  languages: string;
  details: string;
  national_id: string | null;
  licence_no: string | null;
  timezone: string;
  fee_minor: number | null;
  currency: string | null;
  slot_minutes: number;
  active: number;
  created_at: string;
}

export interface SlotTable {
  id: Generated<number>;
  place_id: number;
  offering_id: number | null;
  practitioner_id: number | null;
  start_at: string;
  end_at: string;
  label: string | null;
  capacity: number;
  /** Seats taken by held (including not-yet-swept expired) and confirmed bookings. */
  booked: Generated<number>;
  created_at: string;
}

export interface PersonTable {
  id: Generated<number>;
  name: string;
  birth_date: string | null;
  birth_year: number | null;
  gender: string | null;
  mobile: string | null;
  created_at: string;
}

export type BookingStatus = 'held' | 'confirmed' | 'completed' | 'cancelled' | 'expired';
export interface BookingTable {
  id: Generated<number>;
  code: string;
  slot_id: number;
  seats: number;
  status: BookingStatus;
  channel: string;
  owner_id: string | null;
  partner_reference: string | null;
  request_hash: string | null;
  hold_expires_at: string | null;
  amount_minor: number | null;
  currency: string | null;
  details: string;
  created_at: string;
  updated_at: string;
  confirmed_at: string | null;
  cancelled_at: string | null;
}

export interface BookingPersonTable { booking_id: number; person_id: number }

export type PaymentStatus = 'pending' | 'paid' | 'declined' | 'refund_due' | 'refunded';
export interface PaymentTable {
  id: Generated<number>;
  code: string;
  booking_id: number;
  provider: string;
  amount_minor: number;
  currency: string;
  status: PaymentStatus;
  provider_ref: string | null;
  created_at: string;
  updated_at: string;
}

export interface Database {
  states: StateTable;
  districts: DistrictTable;
  blocks: BlockTable;
  pincodes: PincodeTable;
  localities: LocalityTable;
  places: PlaceTable;
  offerings: OfferingTable;
  place_offerings: PlaceOfferingTable;
  practitioners: PractitionerTable;
  slots: SlotTable;
  people: PersonTable;
  bookings: BookingTable;
  booking_people: BookingPersonTable;
  payments: PaymentTable;
  partners: PartnerTable;
  partner_secrets: PartnerSecretTable;
  partner_products: PartnerProductTable;
  partner_nonces: PartnerNonceTable;
  guests: GuestTable;
  beneficiaries: BeneficiaryTable;
  otp_transactions: OtpTransactionTable;
  rate_counters: RateCounterTable;
  video_working_hours: VideoWorkingHoursTable;
  video_time_off: VideoTimeOffTable;
  video_consultations: VideoConsultationTable;
  operators: OperatorTable;
}

export type Place = Selectable<PlaceTable>;
export type NewPlace = Insertable<PlaceTable>;
export type Offering = Selectable<OfferingTable>;
export type NewOffering = Insertable<OfferingTable>;
export type Practitioner = Selectable<PractitionerTable>;
export type NewPractitioner = Insertable<PractitionerTable>;
export type Slot = Selectable<SlotTable>;
export type NewSlot = Insertable<SlotTable>;
export type Person = Selectable<PersonTable>;
export type Booking = Selectable<BookingTable>;
export type BookingUpdate = Updateable<BookingTable>;
export type Payment = Selectable<PaymentTable>;

// Partners of the partner APIs (migration 0004).
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
export interface PartnerProductTable { partner_id: number; prd_id: string }
export interface PartnerNonceTable { partner_id: number; nonce: string; seen_at: string }
export type Partner = Selectable<PartnerTable>;

// Registration & Appointment API (migration 0002).
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
export interface RateCounterTable { key: string; count: number; expires_at: string }

export type Guest = Selectable<GuestTable>;
export type Beneficiary = Selectable<BeneficiaryTable>;
export type NewBeneficiary = Insertable<BeneficiaryTable>;
export type OtpTransaction = Selectable<OtpTransactionTable>;

// Video consultations (migration 0005).
export interface VideoWorkingHoursTable {
  id: Generated<number>;
  practitioner_id: number;
  /** 0 = Sunday … 6 = Saturday in the doctor's time zone. */
  weekday: number;
  start_time: string;
  end_time: string;
  created_at: string;
}
export interface VideoTimeOffTable {
  id: Generated<number>;
  code: string;
  practitioner_id: number;
  starts_at: string;
  ends_at: string;
  reason: string | null;
  created_at: string;
}
export interface VideoConsultationTable {
  booking_id: number;
  practitioner_id: number;
  room_key: string;
  reason: string | null;
  created_at: string;
}

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
