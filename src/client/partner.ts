// The two partner APIs: Kids Vaccination (/kids-vaccination/v1) and Video Consultation
// (/video-consultation/v1). Methods return `data.info` of the envelope; an error answer
// throws CareslotError with the envelope's `status` (1001…1005) as `code`.
import type { BodyOf, InfoOf, OperationId, QueryOf, ResultOf, Transport } from './http.js';

async function info<K extends OperationId>(
  http: Transport,
  method: string,
  path: string,
  opts: Parameters<Transport['call']>[2],
): Promise<InfoOf<K>> {
  const res = await http.call<ResultOf<K>>(method, path, opts);
  return (res as { data: { info: InfoOf<K> } }).data.info;
}

const KIDS = '/kids-vaccination/v1';
const VIDEO = '/video-consultation/v1';

export class KidsVaccinationClient {
  constructor(private readonly http: Transport) {}

  /** Services of a product (no credentials needed). */
  services(body: BodyOf<'listKidsServices'>) {
    return info<'listKidsServices'>(this.http, 'POST', `${KIDS}/services`, { body });
  }
  /** Details of some services (no credentials needed). */
  details(body: BodyOf<'getKidsServiceDetails'>) {
    return info<'getKidsServiceDetails'>(this.http, 'POST', `${KIDS}/details`, { body });
  }
  /** Providers near a location with their free slots on a day (signed). */
  browse(body: BodyOf<'browseKidsSlots'>) {
    return info<'browseKidsSlots'>(this.http, 'POST', `${KIDS}/browse`, { body, signed: true });
  }
  /** Hold a slot for a child; send the payer to `payment_url` (signed). */
  book(body: BodyOf<'bookKidsVaccination'>) {
    return info<'bookKidsVaccination'>(this.http, 'POST', `${KIDS}/book`, { body, signed: true });
  }
  /** One of your bookings (signed). */
  booking(bookingId: string) {
    return info<'getKidsBooking'>(this.http, 'GET', `${KIDS}/bookings/${encodeURIComponent(bookingId)}`, {
      signed: true,
    });
  }
  /** Cancel one of your bookings (signed). */
  cancel(body: BodyOf<'cancelKidsBooking'>) {
    return info<'cancelKidsBooking'>(this.http, 'POST', `${KIDS}/cancel`, { body, signed: true });
  }
}

export class VideoConsultationClient {
  constructor(private readonly http: Transport) {}

  specialities(query?: QueryOf<'listSpecialities'>) {
    return info<'listSpecialities'>(this.http, 'GET', `${VIDEO}/specialities`, { query });
  }
  doctors(query?: QueryOf<'listDoctors'>) {
    return info<'listDoctors'>(this.http, 'GET', `${VIDEO}/doctors`, { query });
  }
  /** A doctor's free slots on a day. */
  slots(query: QueryOf<'listVideoSlots'>) {
    return info<'listVideoSlots'>(this.http, 'GET', `${VIDEO}/slots`, { query });
  }
  /** Hold a slot; send the payer to `payment_url` (signed). */
  book(body: BodyOf<'bookVideoConsultation'>) {
    return info<'bookVideoConsultation'>(this.http, 'POST', `${VIDEO}/book`, { body, signed: true });
  }
  /** One of your bookings, with the join link once paid (signed). */
  booking(bookingId: string) {
    return info<'getVideoBooking'>(this.http, 'GET', `${VIDEO}/bookings/${encodeURIComponent(bookingId)}`, {
      signed: true,
    });
  }
  cancel(body: BodyOf<'cancelVideoBooking'>) {
    return info<'cancelVideoBooking'>(this.http, 'POST', `${VIDEO}/cancel`, { body, signed: true });
  }
  reschedule(body: BodyOf<'rescheduleVideoBooking'>) {
    return info<'rescheduleVideoBooking'>(this.http, 'POST', `${VIDEO}/reschedule`, { body, signed: true });
  }
}

const WEBHOOKS = '/webhooks/v1';

/** Your webhook endpoints and their deliveries (every call signed): docs/webhooks.md. */
export class WebhooksClient {
  constructor(private readonly http: Transport) {}

  /** Register an endpoint; the answer's `secret` (`whsec_…`) is shown only here: keep it to verify deliveries. */
  createEndpoint(body: BodyOf<'createWebhookEndpoint'>) {
    return info<'createWebhookEndpoint'>(this.http, 'POST', `${WEBHOOKS}/endpoints`, { body, signed: true });
  }
  /** Your endpoints (never their secrets). */
  endpoints() {
    return info<'listWebhookEndpoints'>(this.http, 'GET', `${WEBHOOKS}/endpoints`, { signed: true });
  }
  /** Stop (`false`) or resume (`true`) deliveries to an endpoint. */
  setEnabled(endpointId: string, enabled: boolean) {
    const action = enabled ? 'enable' : 'disable';
    return info<'enableWebhookEndpoint'>(
      this.http,
      'POST',
      `${WEBHOOKS}/endpoints/${encodeURIComponent(endpointId)}/${action}`,
      { signed: true },
    );
  }
  /** An endpoint's latest deliveries, newest first, each with its attempts. */
  deliveries(endpointId: string) {
    return info<'listWebhookDeliveries'>(
      this.http,
      'GET',
      `${WEBHOOKS}/endpoints/${encodeURIComponent(endpointId)}/deliveries`,
      { signed: true },
    );
  }
  /** Deliver an event again (the server attempts it within seconds). */
  redeliver(deliveryId: string) {
    return info<'redeliverWebhook'>(
      this.http,
      'POST',
      `${WEBHOOKS}/deliveries/${encodeURIComponent(deliveryId)}/redeliver`,
      { signed: true },
    );
  }
}
