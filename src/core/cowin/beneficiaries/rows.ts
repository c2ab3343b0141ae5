// A `beneficiaries` row without an address and not deleted, for the loads that write rows
// straight into the table: the sandbox's already-vaccinated beneficiaries, the bench's
// millions, and test fixtures. Registration itself goes through registry.ts.
import type { NewBeneficiary } from '../../../store/tables/cowin.js';

export type UnplacedBeneficiary = Pick<
  NewBeneficiary,
  | 'reference_id'
  | 'person_id'
  | 'guest_id'
  | 'mobile'
  | 'mobile_slot'
  | 'name'
  | 'birth_year'
  | 'gender'
  | 'photo_id_type'
  | 'photo_id_number'
> & { state_id?: number | null };

/** The full row of `b`, created and updated `at`. */
export function beneficiaryRow(b: UnplacedBeneficiary, at: string): NewBeneficiary {
  return {
    ...b,
    state_id: b.state_id ?? null,
    district_id: null,
    block_id: null,
    locality_id: null,
    pincode: null,
    address: null,
    deleted_at: null,
    created_at: at,
    updated_at: at,
  };
}
