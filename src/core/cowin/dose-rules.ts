// The dose schedule of each vaccine: how many doses make a person fully vaccinated, and the
// window (in days after the previous dose) in which the next dose may be given. One table, the
// only place these numbers live; vaccinations.ts applies it. Sources, as of the Indian drive:
// - COVISHIELD: 2 doses, 12–16 weeks apart (MoHFW, 13 May 2021, on NEGVAC's advice).
// - COVAXIN: 2 doses, 4–6 weeks apart (MoHFW, 22 March 2021, and Bharat Biotech's fact sheet).
// - SPUTNIK V: 2 doses, 21–90 days apart (Dr. Reddy's/Gamaleya label 21 days; CoWIN allowed up to 90).
// - CORBEVAX: 2 doses, 28 days apart (Biological E label; MoHFW guidance for 12–14 years, March 2022).
// - ZYCOV-D: 3 doses, 28 days apart (Zydus Cadila label, DCGI EUA August 2021).
// - COVOVAX: 2 doses, 21 days apart (Serum Institute label, DCGI EUA December 2021).
// Where a label gives only a minimum, the window's end is the minimum plus 12 weeks, so a late
// dose is still recorded but the due window shown to people stays finite.
import { DomainError } from '../shared/errors.js';

export interface DoseRule {
  vaccine: string;
  /** Doses in the primary series (fully vaccinated after the last). */
  doses: number;
  /** Days after the previous dose from which the next may be given. */
  minGapDays: number;
  /** Days after the previous dose by which the next is due. */
  maxGapDays: number;
  source: string;
}

export const DOSE_RULES: readonly DoseRule[] = [
  { vaccine: 'COVISHIELD', doses: 2, minGapDays: 84, maxGapDays: 112, source: 'MoHFW, 13 May 2021' },
  { vaccine: 'COVAXIN', doses: 2, minGapDays: 28, maxGapDays: 42, source: 'MoHFW, 22 March 2021' },
  { vaccine: 'SPUTNIK V', doses: 2, minGapDays: 21, maxGapDays: 90, source: 'Gamaleya label; CoWIN' },
  { vaccine: 'CORBEVAX', doses: 2, minGapDays: 28, maxGapDays: 112, source: 'Biological E label' },
  { vaccine: 'ZYCOV-D', doses: 3, minGapDays: 28, maxGapDays: 112, source: 'Zydus Cadila label' },
  { vaccine: 'COVOVAX', doses: 2, minGapDays: 21, maxGapDays: 105, source: 'Serum Institute label' },
];

const BY_NAME = new Map(DOSE_RULES.map((r) => [r.vaccine, r]));

/** The rule of a vaccine by name (any case), or a clear error naming the known vaccines. */
export function doseRule(vaccine: string): DoseRule {
  const rule = BY_NAME.get(vaccine.trim().toUpperCase());
  if (!rule)
    throw new DomainError('vaccine_unknown', `vaccine must be one of ${DOSE_RULES.map((r) => r.vaccine).join(', ')}`, {
      field: 'vaccine',
    });
  return rule;
}

export type VaccinationStatus = 'Not Vaccinated' | 'Partially Vaccinated' | 'Vaccinated';

/** The status after `given` doses of `rule`'s vaccine. */
export function statusAfter(given: number, rule: DoseRule | undefined): VaccinationStatus {
  if (given === 0 || !rule) return 'Not Vaccinated';
  return given >= rule.doses ? 'Vaccinated' : 'Partially Vaccinated';
}
