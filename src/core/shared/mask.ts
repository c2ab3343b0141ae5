// Masking of mobile, photo-ID and national ID numbers in every response of every API: five
// stars and the last four characters, as the seed's samples show (`*****1403`). A fixed number
// of stars also hides how long the number is.

/** `'8796561403'` → `'*****1403'`. Values of four characters or fewer are masked entirely. */
export function maskTail(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  const s = String(value);
  if (s.length === 0) return '';
  return s.length <= 4 ? '*****' : `*****${s.slice(-4)}`;
}
