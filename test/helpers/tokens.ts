// A bearer token with one changed bit of signature, for tests that a forgery is refused.

/**
 * `token` with the first character of its signature changed: always another signature. Not
 * the last character: of its six bits only four are the signature's (a 32-byte HMAC in
 * base64url), so A and B there spell the same signature whenever it ends in A.
 */
export function forgedToken(token: string): string {
  const [h, p, sig] = token.split('.');
  return `${h}.${p}.${sig.startsWith('A') ? 'B' : 'A'}${sig.slice(1)}`;
}
