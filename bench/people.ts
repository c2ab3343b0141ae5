// Beneficiaries for the benchmark: people rows (the core's table) plus whatever the
// Registration API keeps for a registered beneficiary, generated in bulk; and valid new
// people for the registration scenario (10-digit mobiles, Aadhaar numbers with their
// Verhoeff check digit).
import { batchSize, iso } from '../src/store/dialect.js';
import type { Store } from '../src/store/index.js';
import type { Rng } from '../src/sandbox/random.js';
import { verhoeffDigit as checkDigit } from '../src/core/cowin/photo-id.js';
import { beneficiaryRow } from '../src/core/cowin/beneficiaries/rows.js';

const FIRST = [
  'Aarav',
  'Vivaan',
  'Aditya',
  'Ananya',
  'Diya',
  'Ishaan',
  'Kavya',
  'Rohan',
  'Saanvi',
  'Arjun',
  'Meera',
  'Kabir',
  'Priya',
  'Rahul',
  'Sneha',
  'Vikram',
];
const LAST = [
  'Sharma',
  'Patel',
  'Reddy',
  'Nair',
  'Singh',
  'Iyer',
  'Das',
  'Khan',
  'Gupta',
  'Joshi',
  'Pawar',
  'Rao',
  'Mehta',
  'Bose',
];

export interface Beneficiary {
  personId: number;
  referenceId: number;
  mobile: string;
}

export interface BeneficiaryPool {
  count: number;
  /** The first beneficiaries, one per mobile, each used by at most one booking request. */
  sample: Beneficiary[];
}

/** Mobile number of the i-th generated beneficiary: distinct, 10 digits, starts with 6. */
export const beneficiaryMobile = (i: number) => String(6_000_000_000 + i);

const SAMPLE = 150_000;

/**
 * Distinct 14-digit reference ids for bench data: a random start plus a large step per index
 * (start + 10^7 steps stays below the modulus, so no two indexes meet).
 */
const referenceId = (i: number, offset: number) => 10_000_000_000_000 + ((offset + i * 104_729) % 89_999_999_999_999);

export async function insertBeneficiaries(
  store: Store,
  count: number,
  guestId: number,
  random: Rng,
  progress: (done: number) => void,
): Promise<BeneficiaryPool> {
  const at = iso();
  const sample: Beneficiary[] = [];
  const perTx = 50_000;
  const size = batchSize(19); // the widest row written: a beneficiaries row
  const offset = random.int(0, 80_000_000_000_000);
  for (let start = 0; start < count; start += perTx) {
    const n = Math.min(perTx, count - start);
    await store.tx(async (trx) => {
      for (let i = start; i < start + n; i += size) {
        const rows: {
          name: string;
          birth_date: null;
          birth_year: number;
          gender: 'Male' | 'Female';
          mobile: string;
          created_at: string;
        }[] = [];
        for (let k = i; k < Math.min(i + size, start + n); k++) {
          rows.push({
            name: `${random.pick(FIRST)} ${random.pick(LAST)}`,
            birth_date: null,
            birth_year: random.int(1950, 2000),
            gender: random.next() < 0.5 ? 'Male' : 'Female',
            mobile: beneficiaryMobile(k),
            created_at: at,
          });
        }
        const ids = await trx.insertInto('people').values(rows).returning(['id']).execute();
        await trx
          .insertInto('beneficiaries')
          .values(
            rows.map((r, k) =>
              beneficiaryRow(
                {
                  reference_id: referenceId(i + k, offset),
                  person_id: ids[k].id,
                  guest_id: guestId,
                  mobile: r.mobile,
                  mobile_slot: 1,
                  name: r.name,
                  birth_year: r.birth_year,
                  gender: r.gender,
                  photo_id_type: 1,
                  photo_id_number: aadhaar(1_000_000_000 + i + k),
                },
                at,
              ),
            ),
          )
          .execute();
        ids.forEach((r, k) => {
          if (i + k < SAMPLE)
            sample.push({ personId: r.id, referenceId: referenceId(i + k, offset), mobile: rows[k].mobile });
        });
      }
    });
    progress(start + n);
  }
  return { count, sample };
}

/** The Verhoeff check digit of `digits` (the one Aadhaar numbers carry), from the validator itself. */
export function verhoeffDigit(digits: string): number {
  return Number(checkDigit(digits));
}

/** A valid-looking Aadhaar number: 12 digits, first 2–9, Verhoeff check digit last. */
export function aadhaar(n: number): string {
  const body = String(2 + (n % 8)) + String(Math.floor(n / 8) % 1e10).padStart(10, '0');
  return body + verhoeffDigit(body);
}

/** The n-th new person for `registration/beneficiary/add`: distinct mobile and Aadhaar. */
export function newBeneficiaryBody(n: number, runSalt: number) {
  const k = runSalt * 10_000_000 + n;
  return {
    name: `${FIRST[n % FIRST.length]} ${LAST[(n >> 4) % LAST.length]}`,
    birth_year: String(1950 + (n % 50)),
    gender: n % 2 ? 'Male' : 'Female',
    mobile_number: 9_000_000_000 + (k % 1_000_000_000),
    photo_id_type: 1,
    photo_id_number: aadhaar(k),
    health_id_number: null,
    state_id: null,
    district_id: null,
    block_id: null,
    locality_id: null,
    pincode: null,
    address: 'Bench Street 1',
    consent: 'Y',
  };
}
