// autocannon ships no types; the bench uses its programmatic API loosely.
declare module 'autocannon' {
  const autocannon: (opts: Record<string, unknown>, cb?: (err: Error | null, result: any) => void) => any;
  export default autocannon;
}
