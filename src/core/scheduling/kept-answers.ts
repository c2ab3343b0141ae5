// Whole answers kept as the text sent, for availability reads whose answer is built from the
// slots of several places (v2 session listings, kids /browse). An answer holds while the
// catalogue version and every place's availability version are the ones taken before it was
// built (./changes.ts: in this process a read that starts after a booking was acknowledged
// never gets an answer from before it), and until `validBefore`, when it would change with time
// alone (a slot starts, a hold runs out). Other processes' changes: the time to live
// (`availabilityTtl`).
import { availabilityTtl, placeVersion } from './changes.js';
import { TtlCache } from '../shared/ttl-cache.js';

export interface KeptAnswer {
  text: string;
  /** The places the answer was built from... */
  places: readonly number[];
  /** ...and their versions, taken before their slots were read. */
  versions: readonly number[];
  /** Epoch ms from which the answer may differ with time alone. */
  validBefore: number;
}

export class KeptAnswers {
  private readonly answers: TtlCache<string, KeptAnswer>;

  /** `boundMs`: how long another process's change may go unseen where changes are not heard. */
  constructor(boundMs: number, maxEntries: number) {
    this.answers = new TtlCache(() => availabilityTtl(boundMs), maxEntries);
  }

  /** The text kept under `key` if it is current: same catalogue, same places' versions, before `validBefore`. */
  get(key: string, catalogue: number, now: Date): string | undefined {
    const hit = this.answers.get(key, catalogue);
    const fresh =
      hit !== undefined &&
      now.getTime() < hit.validBefore &&
      hit.places.every((id, i) => placeVersion(id) === hit.versions[i]);
    return fresh ? hit.text : undefined;
  }

  /** Keep an answer built from what was read at catalogue version `catalogue`, starting at `readAt` (cacheNow()). */
  set(key: string, answer: KeptAnswer, catalogue: number, readAt: number): void {
    this.answers.set(key, answer, catalogue, readAt);
  }
}
