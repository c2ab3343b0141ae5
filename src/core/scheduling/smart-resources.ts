// FHIR R4 resources of the SMART Scheduling Links open availability feed (issue 14): a place is
// a Location, what it offers a Schedule, and each upcoming slot one `free` Slot (its free seats
// as `slot-capacity`) and one `busy` Slot (its taken seats), so aggregators see capacity and
// bookings without any personal data. See docs/smart-scheduling.md.
import type { SlotAvailability } from './availability.js';

export const EXT = {
  bookingPhone: 'http://fhir-registry.smarthealthit.org/StructureDefinition/booking-phone',
  capacity: 'http://fhir-registry.smarthealthit.org/StructureDefinition/slot-capacity',
} as const;
const HL7_SERVICE_TYPE = 'http://terminology.hl7.org/CodeSystem/service-type';
const SMART_SERVICE_TYPE = 'http://fhir-registry.smarthealthit.org/CodeSystem/service-type';
const IMMUNIZATION = { system: HL7_SERVICE_TYPE, code: '57', display: 'Immunization' };
const COVID19 = {
  system: SMART_SERVICE_TYPE,
  code: 'covid19-immunization',
  display: 'COVID-19 Immunization Appointment',
};
/**
 * The phone the feed gives for vaccination centres: India's national health helpline. A
 * centre's own `mobile` is its in-charge's personal number and is never published.
 */
export const VACCINATION_HELPLINE = '1075';

/** A place the feed lists, as read from the catalogue (no personal data). */
export interface FeedPlace {
  id: number;
  kind: 'vaccination_centre' | 'clinic' | 'home_visit';
  name: string;
  address: string | null;
  pincode: number | null;
  locality: string | null;
  lat: number | null;
  lng: number | null;
  state_name: string | null;
  district_name: string | null;
  block_name: string | null;
  /** What the place offers: vaccines of a centre, services of a kids provider. */
  offerings: { id: number; name: string }[];
}

const isCentre = (p: FeedPlace) => p.kind === 'vaccination_centre';
const phoneOf = (p: FeedPlace) => (isCentre(p) ? VACCINATION_HELPLINE : null);

export function locationOf(p: FeedPlace): Record<string, unknown> {
  const line = p.address ?? [p.locality, p.block_name].filter(Boolean).join(', ');
  const address: Record<string, unknown> = { line: line ? [line] : [] };
  if (p.address) address.text = p.address;
  if (p.block_name ?? p.district_name) address.city = p.block_name ?? p.district_name;
  if (p.district_name) address.district = p.district_name;
  if (p.state_name) address.state = p.state_name;
  if (p.pincode !== null) address.postalCode = String(p.pincode).padStart(6, '0');
  if (isCentre(p)) address.country = 'IN';
  const phone = phoneOf(p);
  return {
    resourceType: 'Location',
    id: String(p.id),
    name: p.name,
    telecom: phone ? [{ system: 'phone', value: phone }] : [],
    address,
    ...(p.lat !== null && p.lng !== null ? { position: { latitude: p.lat, longitude: p.lng } } : {}),
    description: isCentre(p)
      ? 'Vaccination centre'
      : p.kind === 'clinic'
        ? 'Kids vaccination clinic'
        : 'Kids home vaccination team',
  };
}

/**
 * The schedule a slot of `p` belongs to: a centre has one per vaccine (`<place>.<vaccine>`),
 * a kids provider one for all its services (`<place>.0`; its slots serve any of them).
 */
export function scheduleIdOf(p: FeedPlace, offeringId: number | null): string {
  return `${p.id}.${isCentre(p) && offeringId !== null ? offeringId : 0}`;
}

export function schedulesOf(p: FeedPlace): Record<string, unknown>[] {
  const schedule = (id: string, serviceType: unknown[]) => ({
    resourceType: 'Schedule',
    id,
    actor: [{ reference: `Location/${p.id}` }],
    serviceType,
  });
  if (isCentre(p))
    return p.offerings.map((o) => schedule(scheduleIdOf(p, o.id), [{ coding: [IMMUNIZATION, COVID19], text: o.name }]));
  return [
    schedule(
      scheduleIdOf(p, null),
      p.offerings.length > 0
        ? p.offerings.map((o) => ({ coding: [IMMUNIZATION], text: o.name }))
        : [{ coding: [IMMUNIZATION] }],
    ),
  ];
}

/** A slot as up to two Slots: its free seats (`<slot>.free`) and its taken seats (`<slot>.busy`). */
export function slotsOf(p: FeedPlace, s: SlotAvailability): Record<string, unknown>[] {
  const free = Math.max(0, Math.min(s.available, s.capacity));
  const out: Record<string, unknown>[] = [];
  const phone = phoneOf(p);
  const slot = (status: 'free' | 'busy', seats: number) => ({
    resourceType: 'Slot',
    id: `${s.id}.${status}`,
    schedule: { reference: `Schedule/${scheduleIdOf(p, s.offering_id)}` },
    status,
    start: s.start_at,
    end: s.end_at,
    extension: [
      { url: EXT.capacity, valueInteger: seats },
      ...(phone && status === 'free' ? [{ url: EXT.bookingPhone, valueString: phone }] : []),
    ],
  });
  if (free > 0) out.push(slot('free', free));
  if (s.capacity - free > 0) out.push(slot('busy', s.capacity - free));
  return out;
}
