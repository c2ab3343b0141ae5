// An HTTP answer as a test compares it: the answers of a read around Fastify
// (src/api/fast-reads.ts, fast-posts.ts) against Fastify's own.
export interface Served {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Headers that differ between any two answers (the connection's and the request's own). */
const OWN = new Set(['date', 'connection', 'keep-alive', 'x-request-id']);

/** Status, body and the headers that must be the same for the same answer. */
export const comparable = (s: Served) => ({
  status: s.status,
  body: s.body,
  headers: Object.fromEntries(Object.entries(s.headers).filter(([k]) => !OWN.has(k))),
});
