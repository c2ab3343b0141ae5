// The CoWIN-style Registration & Appointment API (/api/v1). Log in as a guest (or confirm a
// beneficiary's mobile OTP) first: the client keeps the token and sends it on every call.
// Error answers throw CareslotError with the CoWIN `errorCode` as `code`.
import type { BodyOf, OperationId, QueryOf, ResultOf, Transport } from './http.js';

const V1 = '/api/v1';

export class RegistrationClient {
  /** The guest or beneficiary token sent as `Authorization: Bearer …`. */
  token: string | undefined;
  constructor(private readonly http: Transport) {}

  private get<K extends OperationId>(path: string, query?: Record<string, string | number | undefined>) {
    return this.http.call<ResultOf<K>>('GET', `${V1}${path}`, { query, bearer: this.token });
  }
  private post<K extends OperationId>(path: string, body: unknown) {
    return this.http.call<ResultOf<K>>('POST', `${V1}${path}`, { body, bearer: this.token });
  }

  /** Log in as a guest account; the token is kept for the next calls and returned. */
  async guestLogin(userName: string): Promise<string> {
    const body: BodyOf<'guestLogin'> = { user_name: userName };
    this.token = await this.http.call<string>('POST', `${V1}/auth/guest/login`, { body, as: 'text' });
    return this.token;
  }
  /** Send an OTP to a beneficiary's mobile (guest token). */
  initiateMobileOtp(body: BodyOf<'initiateMobileOtp'>) {
    return this.post<'initiateMobileOtp'>('/auth/confirmMobileOTP', body);
  }
  /** Confirm the OTP; the beneficiary token it returns replaces the guest token. */
  async confirmMobileOtp(body: BodyOf<'confirmMobileOtp'>) {
    const res = await this.post<'confirmMobileOtp'>('/auth/mobileOTP', body);
    const token = (res as { token?: string }).token;
    if (token) this.token = token;
    return res;
  }
  states() {
    return this.get<'getStates'>('/admin/location/states');
  }
  districts(stateId: number | string) {
    return this.get<'getDistricts'>(`/admin/location/districts/${encodeURIComponent(stateId)}`);
  }
  centresByPin(query: QueryOf<'findCentresByPin'>) {
    return this.get<'findCentresByPin'>('/appointment/centers/findByPin', query);
  }
  centresByDistrict(query: QueryOf<'findCentresByDistrict'>) {
    return this.get<'findCentresByDistrict'>('/appointment/centers/findbyDistrict', query);
  }
  /** A centre's time slots between two dd-mm-yyyy dates. */
  timeSlots(query: QueryOf<'findTimeSlotsByCentre'>) {
    return this.get<'findTimeSlotsByCentre'>('/appointment/timeslots/findByCenter', query);
  }
  addBeneficiary(body: BodyOf<'addBeneficiary'>) {
    return this.post<'addBeneficiary'>('/registration/beneficiary/add', body);
  }
  beneficiary(beneficiaryReferenceId: string | number) {
    return this.get<'getBeneficiary'>('/registration/beneficiary', {
      beneficiary_reference_id: beneficiaryReferenceId,
    });
  }
  linkedBeneficiaries() {
    return this.get<'getLinkedBeneficiaries'>('/appointment/linkedBeneficiaries');
  }
  schedule(body: BodyOf<'scheduleAppointment'>) {
    return this.post<'scheduleAppointment'>('/appointment/scheduleAppointment', body);
  }
  reschedule(body: BodyOf<'rescheduleAppointmentV1'>) {
    return this.post<'rescheduleAppointmentV1'>('/appointment/rescheduleAppointment', body);
  }
  cancel(body: BodyOf<'cancelAppointmentV1'>) {
    return this.post<'cancelAppointmentV1'>('/appointment/cancel', body);
  }
  /** The appointments of the beneficiary token's mobile. */
  appointments() {
    return this.get<'getAppointments'>('/appointment');
  }
}
