// Rendered answers are kept as the bytes sent (UTF-8), each in memory of its own outside V8's
// heap, not as strings:
// - sending them costs no encoding: node:http writes a Buffer as it is, where a string is
//   encoded into a new one on every send (and its length counted first, for content-length).
//   On this machine that saves about 2 µs of CPU a request at 4 KB, 7 µs at 13 KB and 30 µs
//   at 65 KB (docs/performance.md, thirty-second pass);
// - they do not count against the heap's limit, so the budget of kept answers (ANSWER_CACHE_MB)
//   is a share of the machine's memory, not of the heap, and the collector neither marks nor
//   moves them.
// Each has an allocation of its own (not a slice of Node's shared pool), so an answer kept for
// long pins no other memory.
// The cost: V8 counts these bytes as external memory and marks the whole heap each time 64 MB
// more of them have been allocated since its last full collection, so a burst of first renders
// over a large heap (the India scale's read model, 1.2 GB) pays for that marking.

/** `text` encoded once, in a buffer of its own. */
export function answerBytes(text: string): Buffer {
  const bytes = Buffer.allocUnsafeSlow(Buffer.byteLength(text));
  bytes.write(text, 0, 'utf8');
  return bytes;
}

/** What keeping one answer costs besides its bytes: its key, entry and buffer objects. */
const KEPT_ANSWER_OVERHEAD = 400;

/** What keeping `bytes` weighs in a cache bounded by bytes: the bytes and the entry around them. */
export const keptWeight = (bytes: Buffer) => KEPT_ANSWER_OVERHEAD + bytes.length;
