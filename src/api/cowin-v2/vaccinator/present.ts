// A beneficiary as the Vaccinator API shows it (cowin-vaccinator-v2.yaml's
// BenefeiciaryResponseSchema): masked mobile and photo ID, the vaccination status and dose
// dates from the vaccination records, and the live appointments with their centres.
import { Type } from '@sinclair/typebox';
import type { BeneficiaryDetails } from '../../../core/cowin/beneficiaries/index.js';
import { maskTail } from '../../../core/shared/mask.js';
import { PHOTO_ID_TYPES } from '../../../core/cowin/photo-id.js';
import type { VaccinationSummary } from '../../../core/cowin/vaccinations.js';
import { toDdMmYyyy } from '../../dates.js';
import type { liveAppointments } from '../appointment-view.js';
import { maskPhotoId } from '../present.js';
import { AppointmentV2, BENEFICIARY_IDENTITY } from '../schemas.js';

const str = Type.String();
const ID_TYPE = new Map(PHOTO_ID_TYPES.map((t) => [t.id, t.type]));

/** The vaccination fields of a beneficiary from its summary (also used by the protected API). */
export function vaccinationFields(s: VaccinationSummary | undefined) {
  const doses = s?.doses ?? [];
  const date = (n: number) => (doses[n - 1] ? toDdMmYyyy(doses[n - 1].given_on) : '');
  return {
    vaccination_status: s?.status ?? 'Not Vaccinated',
    vaccine: s?.vaccine ?? '',
    dose1_date: date(1),
    dose2_date: date(2),
    due_dose: s ? s.dueDose : 1,
    next_vaccination_date: s?.dueFrom ? toDdMmYyyy(s.dueFrom) : '',
    last_date: s?.dueBy ? toDdMmYyyy(s.dueBy) : '',
  };
}

const VaccinatorAppointment = Type.Object({
  ...AppointmentV2.properties,
  pincode: str,
  fee_type: Type.Union([Type.Literal('Free'), Type.Literal('Paid')]),
});

export const VaccinatorBeneficiary = Type.Object({
  ...BENEFICIARY_IDENTITY,
  flw_hw_ind: Type.Union([Type.Literal('Y'), Type.Literal('N')]),
  vaccination_status: Type.Union([
    Type.Literal('Not Vaccinated'),
    Type.Literal('Partially Vaccinated'),
    Type.Literal('Vaccinated'),
  ]),
  vaccine: Type.Optional(str),
  dose1_date: Type.Optional(str),
  dose2_date: Type.Optional(str),
  next_dose_from: Type.Optional(Type.String({ description: 'dd-mm-yyyy: the next dose may be given from this day' })),
  next_dose_by: Type.Optional(Type.String({ description: 'dd-mm-yyyy: the next dose is due by this day' })),
  appointments: Type.Array(VaccinatorAppointment),
});

export const BENEFICIARY_EXAMPLE = {
  beneficiary_reference_id: '12345678901234',
  name: 'Rajesh Pawar',
  birth_year: '1995',
  gender: 'Male',
  mobile_number: '*****1403',
  photo_id_type: 'PAN Card',
  photo_id_number: 'XXXXXX234F',
  flw_hw_ind: 'N' as const,
  comorbidity_ind: 'N' as const,
  vaccination_status: 'Partially Vaccinated' as const,
  vaccine: 'COVISHIELD',
  dose1_date: '01-03-2021',
  next_dose_from: '24-05-2021',
  next_dose_by: '21-06-2021',
  appointments: [],
};

type Live = Awaited<ReturnType<typeof liveAppointments>>;

export function vaccinatorView(b: BeneficiaryDetails, s: VaccinationSummary | undefined, live: Live) {
  const f = vaccinationFields(s);
  return {
    beneficiary_reference_id: String(b.reference_id),
    name: b.name,
    birth_year: String(b.birth_year),
    gender: b.gender,
    mobile_number: maskTail(b.mobile),
    photo_id_type: ID_TYPE.get(b.photo_id_type) ?? String(b.photo_id_type),
    photo_id_number: maskPhotoId(b.photo_id_number),
    flw_hw_ind: 'N' as const,
    comorbidity_ind: 'N' as const,
    vaccination_status: f.vaccination_status,
    ...(f.vaccine ? { vaccine: f.vaccine } : {}),
    ...(f.dose1_date ? { dose1_date: f.dose1_date } : {}),
    ...(f.dose2_date ? { dose2_date: f.dose2_date } : {}),
    ...(f.next_vaccination_date ? { next_dose_from: f.next_vaccination_date, next_dose_by: f.last_date } : {}),
    appointments: live
      .filter((a) => a.row.referenceIds.includes(Number(b.reference_id)))
      .map((a) => ({
        ...a.view,
        pincode: a.centre?.pincode ? String(a.centre.pincode) : '',
        fee_type: 'Free' as const,
      })),
  };
}
