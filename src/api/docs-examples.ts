// Example dates relative to today. The route schemas' examples were written on fixed days
// (the partner APIs' around 2026-11-23, the CoWIN APIs' around 30-03-2021, in CoWIN's
// dd-mm-yyyy); every time the document is served, each date inside an `example` or
// `examples` value is moved by whole days so that those anchors fall on today: a browse
// example asks for tomorrow, a birth date stays as far before it as written.
const ISO_ANCHOR = Date.UTC(2026, 10, 23);
const DMY_ANCHOR = Date.UTC(2021, 2, 30);
const DAY_MS = 86_400_000;
const ISO_DATE = /\b(\d{4})-(\d{2})-(\d{2})(?=T|\b)/g;
const DMY_DATE = /\b(\d{2})-(\d{2})-(\d{4})\b/g;

const pad = (n: number) => String(n).padStart(2, '0');

function shifted(y: string, m: string, d: string, days: number): Date | undefined {
  const at = Date.UTC(Number(y), Number(m) - 1, Number(d));
  const date = new Date(at);
  if (date.getUTCMonth() !== Number(m) - 1 || date.getUTCDate() !== Number(d)) return undefined; // not a date
  return new Date(at + days * DAY_MS);
}

function freshDates(text: string, isoDays: number, dmyDays: number): string {
  return text
    .replace(ISO_DATE, (all, y, m, d) => {
      const s = shifted(y, m, d, isoDays);
      return s ? `${s.getUTCFullYear()}-${pad(s.getUTCMonth() + 1)}-${pad(s.getUTCDate())}` : all;
    })
    .replace(DMY_DATE, (all, d, m, y) => {
      const s = shifted(y, m, d, dmyDays);
      return s ? `${pad(s.getUTCDate())}-${pad(s.getUTCMonth() + 1)}-${s.getUTCFullYear()}` : all;
    });
}

function walk(value: unknown, inExample: boolean, f: (s: string) => string): unknown {
  if (typeof value === 'string') return inExample ? f(value) : value;
  if (Array.isArray(value)) return value.map((v) => walk(v, inExample, f));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = walk(v, inExample || k === 'example' || k === 'examples', f);
    return out;
  }
  return value;
}

/** A copy of the OpenAPI document whose example dates are moved relative to `now` (UTC day). */
export function withFreshExampleDates<T>(doc: T, now: Date): T {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const isoDays = Math.round((today - ISO_ANCHOR) / DAY_MS);
  const dmyDays = Math.round((today - DMY_ANCHOR) / DAY_MS);
  return walk(doc, false, (s) => freshDates(s, isoDays, dmyDays)) as T;
}
