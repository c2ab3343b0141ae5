// Table types of the Video Consultation API (migration 0005).
import type { Generated } from 'kysely';

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
