// Reading beneficiaries, always through a viewer: a guest account sees the beneficiaries it
// registered, a beneficiary token sees its own mobile's. Deleted beneficiaries never appear.
import type { Conn } from '../../../store/index.js';
import type { Beneficiary } from '../../../store/schema.js';

/** Who is asking: the guest account that registered, or the mobile a beneficiary token is bound to. */
export type Viewer = { guestId: number } | { mobile: string };

export interface BeneficiaryDetails extends Beneficiary {
  state_name: string | null;
  district_name: string | null;
  block_name: string | null;
  locality_name: string | null;
}

function detailsQuery(db: Conn) {
  return db
    .selectFrom('beneficiaries as b')
    .leftJoin('states as s', 's.id', 'b.state_id')
    .leftJoin('districts as d', 'd.id', 'b.district_id')
    .leftJoin('blocks as k', 'k.id', 'b.block_id')
    .leftJoin('localities as l', 'l.id', 'b.locality_id')
    .selectAll('b')
    .select(['s.name as state_name', 'd.name as district_name', 'k.name as block_name', 'l.name as locality_name'])
    .where('b.deleted_at', 'is', null);
}

/** One live beneficiary visible to `viewer`, or undefined (missing and invisible look the same). */
export async function getBeneficiary(
  db: Conn,
  referenceId: number,
  viewer: Viewer,
): Promise<BeneficiaryDetails | undefined> {
  let q = detailsQuery(db).where('b.reference_id', '=', referenceId);
  q = 'guestId' in viewer ? q.where('b.guest_id', '=', viewer.guestId) : q.where('b.mobile', '=', viewer.mobile);
  return q.executeTakeFirst();
}

/** The live beneficiaries linked to a mobile number, oldest first. */
export async function linkedBeneficiaries(db: Conn, mobile: string): Promise<BeneficiaryDetails[]> {
  return detailsQuery(db).where('b.mobile', '=', mobile).orderBy('b.created_at').orderBy('b.id').execute();
}

/**
 * The live beneficiaries among `referenceIds` that are linked to `mobile` (for booking one
 * appointment for a family). Ids not linked to the mobile are simply absent from the result.
 */
export async function linkedByReference(
  db: Conn,
  mobile: string,
  referenceIds: number[],
): Promise<BeneficiaryDetails[]> {
  if (referenceIds.length === 0) return [];
  return detailsQuery(db)
    .where('b.mobile', '=', mobile)
    .where('b.reference_id', 'in', referenceIds)
    .orderBy('b.id')
    .execute();
}

/**
 * The live beneficiaries of one state (a vaccinator key's): by reference id, or linked to a
 * mobile. A beneficiary of another state, or registered without a state, is never returned,
 * so a lookup by mobile cannot reach outside the key's state.
 */
export async function beneficiariesInState(
  db: Conn,
  stateId: number,
  by: { referenceId: number } | { mobile: string },
): Promise<BeneficiaryDetails[]> {
  const q = detailsQuery(db).where('b.state_id', '=', stateId);
  return ('referenceId' in by ? q.where('b.reference_id', '=', by.referenceId) : q.where('b.mobile', '=', by.mobile))
    .orderBy('b.created_at')
    .orderBy('b.id')
    .execute();
}
