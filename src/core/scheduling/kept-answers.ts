// Whole answers kept as the bytes sent (../shared/answer-bytes.ts), for availability reads whose
// answer is built from the slots of several places (v2 session listings, kids /browse). An
// answer holds while the catalogue version and every place's availability version are the ones
// taken before it was built (./changes.ts: in this process a read that starts after a booking
// was acknowledged never gets an answer from before it), and until `validBefore`, when it would
// change with time alone (a slot starts, a hold runs out). Other processes' changes: the time to
// live (`availabilityTtl`). The answers kept are bounded by their number and by their bytes, the
// oldest going first.
import { availabilityTtl, placeVersion } from './changes.js';
import { answerBytes, keptWeight } from '../shared/answer-bytes.js';
import { TtlCache } from '../shared/ttl-cache.js';

/** What an answer was built from, and until when it holds with time alone. */
export interface AnswerSources {
  /** The places the answer was built from... */
  places: readonly number[];
  /** ...and their versions, taken before their slots were read. */
  versions: readonly number[];
  /** Epoch ms from which the answer may differ with time alone. */
  validBefore: number;
}

interface KeptAnswer extends AnswerSources {
  bytes: Buffer;
}

const weigh = (a: KeptAnswer) => keptWeight(a.bytes) + 16 * a.places.length;

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

  /** About how many bytes the kept answers take, with what keeping each costs. */
  get bytes(): number {
    return this.answers.weight;
  }

  /** The answer kept under `key` if it is current: same catalogue, same places' versions, before `validBefore`. */
  get(key: string, catalogue: number, now: Date): Buffer | undefined {
    const hit = this.answers.get(key, catalogue);
    const fresh =
      hit !== undefined &&
      now.getTime() < hit.validBefore &&
      hit.places.every((id, i) => placeVersion(id) === hit.versions[i]);
    return fresh ? hit.bytes : undefined;
  }

  /**
   * Keep `text`, an answer built from what was read at catalogue version `catalogue`, starting
   * at `readAt` (cacheNow()); gives its bytes, to be sent.
   */
  set(key: string, text: string, sources: AnswerSources, catalogue: number, readAt: number): Buffer {
    const bytes = answerBytes(text);
    const { places, versions, validBefore } = sources;
    this.answers.set(key, { bytes, places, versions, validBefore }, catalogue, readAt);
    return bytes;
  }
}
