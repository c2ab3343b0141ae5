// A local webhook receiver for tests: a node:http server that records every request, checks
// nothing itself, and answers with the status the test chooses (down = 503).
import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

export interface Receiver {
  url: string;
  received: Received[];
  /** The status to answer with (200 by default). */
  status: number;
  close(): Promise<void>;
}

export async function startReceiver(): Promise<Receiver> {
  const r: Receiver = { url: '', received: [], status: 200, close: async () => undefined };
  const server: Server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => {
      body += c;
    });
    req.on('end', () => {
      r.received.push({ headers: req.headers, body });
      if (r.status >= 300 && r.status < 400) res.setHeader('location', 'http://127.0.0.1:1/elsewhere');
      res.writeHead(r.status).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  r.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`;
  r.close = () => new Promise((resolve) => server.close(() => resolve()));
  return r;
}

/** Verify a Standard Webhooks signature the way a receiver would (independent of src/). */
export function verified(secret: string, m: Received): boolean {
  const id = String(m.headers['webhook-id']);
  const ts = String(m.headers['webhook-timestamp']);
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const expected = createHmac('sha256', key).update(`${id}.${ts}.${m.body}`).digest('base64');
  return String(m.headers['webhook-signature'])
    .split(' ')
    .some((s) => s === `v1,${expected}`);
}
