// Whole answers kept as the text sent, for availability reads whose answer is built from the
// slots of several places (v2 session listings, kids /browse). An answer holds while the
// catalogue version and every place's availability version are the ones taken before it was
// built (./changes.ts: in this process a read that starts after a booking was acknowledged
// never gets an answer from before it), and until `validBefore`, when it would change with time
// alone (a slot starts, a hold runs out). Other processes' changes: the time to live
// (`availabilityTtl`). The answers kept are bounded by their number and by the bytes of
// their text, the oldest going first.
import { availabilityTtl, placeVersion } from './changes.js';
import { flat } from '../shared/flat-string.js';
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

/** What one kept answer weighs besides its text: the key, the entry, its places and versions. */
const ENTRY_BYTES = 200;
const weigh = (a: KeptAnswer) => ENTRY_BYTES + a.text.length + 16 * a.places.length;

export class KeptAnswers {
  private readonly answers: TtlCache<string, KeptAnswer>;

  /**
   * `boundMs`: how long another process's change may go unseen where changes are not heard;
   * at most `maxEntries` answers and about `maxBytes` of them are kept.
   */
  constructor(
    boundMs: number,
    maxEntries: number,
    readonly maxBytes: number,
  ) {
    this.answers = new TtlCache(() => availabilityTtl(boundMs), maxEntries, { weigh, maxWeight: maxBytes });
  }

  /** About how many bytes the kept answers take (their text is one byte a character in the answers kept). */
  get bytes(): number {
    return this.answers.weight;
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
    flat(answer.text);
    this.answers.set(key, answer, catalogue, readAt);
  }
}
