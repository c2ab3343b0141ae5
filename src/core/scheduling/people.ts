// People who hold seats: beneficiaries, children, patients. Dialects keep their own extra
// registration data in their own tables, keyed by the person's id.
import { iso } from '../../store/dialect.js';
import type { Conn } from '../../store/index.js';
import { preparedInsert } from '../../store/prepared.js';
import type { Person } from '../../store/schema.js';

export interface PersonInput {
  name: string;
  birth_date?: string | null;
  birth_year?: number | null;
  gender?: string | null;
  mobile?: string | null;
}

/** Compiled once (store/prepared.ts); every column is a parameter. */
const insertPerson = preparedInsert('people');

/** A new person's row as `p` describes it (in the table's column order). */
export function newPersonRow(p: PersonInput): Omit<Person, 'id'> {
  return {
    name: p.name,
    birth_date: p.birth_date ?? null,
    birth_year: p.birth_year ?? (p.birth_date ? Number(p.birth_date.slice(0, 4)) : null),
    gender: p.gender ?? null,
    mobile: p.mobile ?? null,
    created_at: iso(),
  };
}

export async function createPerson(db: Conn, p: PersonInput): Promise<Person> {
  return insertPerson(db, newPersonRow(p));
}

export async function peopleOfBooking(db: Conn, bookingId: number): Promise<Person[]> {
  return db
    .selectFrom('booking_people')
    .innerJoin('people', 'people.id', 'booking_people.person_id')
    .selectAll('people')
    .where('booking_people.booking_id', '=', bookingId)
    .orderBy('people.id')
    .execute();
}
