// Table types for Kysely: the scheduling core's tables here, each dialect's own tables in
// ./tables/, all gathered in `Database`. Timestamps are ISO-8601 UTC strings in both databases
// (generated in code), booleans are 0/1 integers, JSON documents are text.
import type { Generated, Insertable, Selectable, Updateable } from 'kysely';
import type {
  ApiKeyTable,
  BeneficiaryTable,
  GuestTable,
  OperatorTable,
  OtpTransactionTable,
  RateCounterTable,
} from './tables/cowin.js';
import type { AuditLogTable, SigningKeyTable, VaccinationTable } from './tables/vaccinations.js';
import type {
  PartnerNonceBefore0015Table,
  PartnerNonceTable,
  PartnerProductTable,
  PartnerSecretTable,
  PartnerTable,
} from './tables/partners.js';
import type { VideoConsultationTable, VideoTimeOffTable, VideoWorkingHoursTable } from './tables/video.js';
import type {
  EventAttemptTable,
  EventDeliveryTable,
  OutboxEventTable,
  WebhookEndpointTable,
} from './tables/webhooks.js';

export type * from './tables/cowin.js';
export type * from './tables/partners.js';
export type * from './tables/video.js';
export type * from './tables/vaccinations.js';
export type * from './tables/webhooks.js';

export interface StateTable {
  id: number;
  name: string;
}
export interface DistrictTable {
  id: number;
  state_id: number;
  name: string;
}
export interface BlockTable {
  id: Generated<number>;
  district_id: number;
  name: string;
}
export interface PincodeTable {
  pincode: number;
  district_id: number;
  block_id: number | null;
  lat: number | null;
  lng: number | null;
}
export interface LocalityTable {
  id: Generated<number>;
  pincode: number;
  block_id: number | null;
  name: string;
  office_name: string | null;
}

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

export interface PlaceOfferingTable {
  place_id: number;
  offering_id: number;
}

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

export interface BookingPersonTable {
  booking_id: number;
  person_id: number;
}

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
  partner_nonces_before_0015: PartnerNonceBefore0015Table;
  guests: GuestTable;
  beneficiaries: BeneficiaryTable;
  otp_transactions: OtpTransactionTable;
  rate_counters: RateCounterTable;
  video_working_hours: VideoWorkingHoursTable;
  video_time_off: VideoTimeOffTable;
  video_consultations: VideoConsultationTable;
  operators: OperatorTable;
  api_keys: ApiKeyTable;
  vaccinations: VaccinationTable;
  signing_keys: SigningKeyTable;
  audit_log: AuditLogTable;
  webhook_endpoints: WebhookEndpointTable;
  outbox_events: OutboxEventTable;
  event_deliveries: EventDeliveryTable;
  event_attempts: EventAttemptTable;
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
