// `Accept-Language` for the API Setu v2 dialect: the `*_l` fields carry a name in the preferred
// language. We have Hindi (hi_IN) names of states and districts (names-hi-in.json, keyed by the
// English name in lower case without spaces or punctuation: 735 districts from the ISC-licensed
// npm package @coffeebeanslabs/country_state_district 1.0.1, and every state). A name without a
// translation gets no `*_l` field at all, never an empty one.
import names from './names-hi-in.json' with { type: 'json' };

export interface Localiser {
  /** The language's code when it has translations (`hi`), else undefined. */
  lang: 'hi' | undefined;
  state(name: string | null | undefined): string | undefined;
  district(name: string | null | undefined): string | undefined;
}

const key = (s: string) => s.toLowerCase().replace(/[^a-z]/g, '');
const lookup = (table: Record<string, string>) => (name: string | null | undefined) =>
  name ? table[key(name)] : undefined;

const HINDI: Localiser = { lang: 'hi', state: lookup(names.states), district: lookup(names.districts) };
const NONE: Localiser = { lang: undefined, state: () => undefined, district: () => undefined };

/** The localiser of an `Accept-Language` header (`hi_IN`, `hi-IN`, `hi`, or a list with weights). */
export function localiser(header: string | string[] | undefined): Localiser {
  const raw = Array.isArray(header) ? header.join(',') : (header ?? '');
  const first = raw.split(',')[0]?.split(';')[0]?.trim().toLowerCase() ?? '';
  return /^hi(?:[-_]in)?$/.test(first) ? HINDI : NONE;
}

/** `{[field]: value}` when there is a value, else nothing: spread it into a response object. */
export const optional = (field: string, value: string | undefined): Record<string, string> =>
  value ? { [field]: value } : {};
