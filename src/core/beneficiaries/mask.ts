// Masking of mobile and photo-ID numbers in every response: five stars and the last four
// characters, as the seed's samples show (`*****1403`).

/** `'8796561403'` → `'*****1403'`. Values of four characters or fewer are masked entirely. */
export function maskTail(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  const s = String(value);
  if (s.length === 0) return '';
  return s.length <= 4 ? '*****' : `*****${s.slice(-4)}`;
}
