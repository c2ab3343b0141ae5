// A centre as the Registration & Appointment API shows it (seed 002's centre samples: every
// field a string). Used by the centre searches and, nested, by appointment details.
import { Type } from '@sinclair/typebox';
import { maskTail } from '../../core/cowin/beneficiaries/index.js';
import type { Centre, CentreSummary } from '../../core/cowin/centres.js';
import { timings, toDdMmYyyy } from './params.js';

const str = Type.String();
export const CentreView = Type.Object(
  {
    center_id: str,
    name: str,
    center_incharge: str,
    mobile: str,
    district: str,
    state: str,
    location: str,
    pin: str,
    block: str,
    vtc: str,
    area: str,
    timings: str,
    vaccine_type: str,
    daily_capacity: str,
    centre_type: str,
    expiry_date: str,
  },
  {
    examples: [
      {
        center_id: '1234',
        name: 'District General Hospital',
        center_incharge: 'Sunil Kumar',
        mobile: '*****2109',
        district: 'Satara',
        state: 'Maharashtra',
        location: 'Jaoli, 413608',
        pin: '413608',
        block: 'Jaoli',
        vtc: 'Jaoli',
        area: 'Urban',
        timings: '9AM-11AM, 11AM-1PM',
        vaccine_type: 'COVISHIELD',
        daily_capacity: '100',
        centre_type: 'Permanent',
        expiry_date: '30-04-2021',
      },
    ],
  },
);

export function centreView(c: Centre, s: CentreSummary) {
  return {
    center_id: String(c.id),
    name: c.name,
    center_incharge: c.incharge_name ?? '',
    mobile: maskTail(c.mobile),
    district: c.district_name ?? '',
    state: c.state_name ?? '',
    location: c.address ?? '',
    pin: c.pincode === null ? '' : String(c.pincode),
    block: c.block_name ?? '',
    vtc: c.locality ?? '',
    area: c.area ?? '',
    timings: s.sessions.map((x) => timings(x.from, x.to)).join(', '),
    vaccine_type: s.vaccines.join(', '),
    daily_capacity: s.dailyCapacity === null ? '' : String(s.dailyCapacity),
    centre_type: c.centre_type ?? '',
    expiry_date: s.lastDate ? toDdMmYyyy(s.lastDate) : '',
  };
}
