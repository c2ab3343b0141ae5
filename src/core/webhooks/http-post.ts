// The one outbound HTTP request of webhook delivery: a POST with a timeout, never following a
// redirect (a 3xx is a failed attempt), and — unless `allowPrivate` (sandbox, tests) — never
// to a private, loopback, link-local or otherwise non-public address. The address check runs
// on what DNS answers at connection time (a custom `lookup`), so a name that resolves to a
// private address is refused even when it changed since the endpoint was registered.
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { BlockList, isIP } from 'node:net';

const blocked = new BlockList();
for (const [net, bits] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const)
  blocked.addSubnet(net, bits, 'ipv4');
for (const [net, bits] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
  ['64:ff9b::', 96],
] as const)
  blocked.addSubnet(net, bits, 'ipv6');

/** True for an address a webhook may reach in production. */
export function isPublicAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 0) return false;
  if (family === 6) {
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
    if (mapped) return isPublicAddress(mapped[1]);
    return !blocked.check(address, 'ipv6');
  }
  return !blocked.check(address, 'ipv4');
}

export interface PostOptions {
  timeoutMs: number;
  allowPrivate: boolean;
}

export interface PostResult {
  /** The response status, when there was a response. */
  status: number | null;
  /** Why the attempt failed (short, no secrets), or null for a 2xx. */
  error: string | null;
  durationMs: number;
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

function publicLookup(hostname: string, options: object, callback: LookupCallback): void {
  dnsLookup(hostname, { ...options, all: true }, (err, addresses) => {
    if (err) return callback(err, []);
    const bad = addresses.find((a) => !isPublicAddress(a.address));
    if (bad)
      return callback(
        Object.assign(new Error(`${hostname} resolves to a non-public address`), { code: 'ENOTPUBLIC' }),
        [],
      );
    if ((options as { all?: boolean }).all) return callback(null, addresses);
    callback(null, addresses[0].address, addresses[0].family);
  });
}

const MAX_ERROR = 200;

/** POST `body` to `url`; resolves (never rejects) with what happened. */
export function postJson(
  url: string,
  headers: Record<string, string>,
  body: string,
  opts: PostOptions,
): Promise<PostResult> {
  const started = performance.now();
  const done = (status: number | null, error: string | null): PostResult => ({
    status,
    error: error === null ? null : error.slice(0, MAX_ERROR),
    durationMs: Math.round(performance.now() - started),
  });
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return Promise.resolve(done(null, 'the endpoint URL is not valid'));
  }
  const host = target.hostname.replace(/^\[|\]$/g, '');
  if (!opts.allowPrivate && isIP(host) !== 0 && !isPublicAddress(host))
    return Promise.resolve(done(null, `refused: ${host} is not a public address`));
  const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolveOnce) => {
    let timer: NodeJS.Timeout | undefined;
    let settled = false;
    const resolve = (r: PostResult) => {
      clearTimeout(timer);
      if (!settled) resolveOnce(r);
      settled = true;
    };
    const req = send(
      target,
      {
        method: 'POST',
        headers: { ...headers, 'content-length': Buffer.byteLength(body), 'user-agent': 'Careslot-Webhooks/1' },
        ...(opts.allowPrivate ? {} : { lookup: publicLookup as never }),
      },
      (res) => {
        const status = res.statusCode ?? 0;
        res.resume();
        res.on('end', () => {
          if (status >= 200 && status < 300) resolve(done(status, null));
          else if (status >= 300 && status < 400) resolve(done(status, `HTTP ${status}: redirects are not followed`));
          else resolve(done(status, `HTTP ${status}`));
        });
        res.on('error', () => resolve(done(status, 'the response was cut off')));
      },
    );
    // One deadline for the whole exchange (connect, send, response), not an idle timeout.
    timer = setTimeout(
      () => req.destroy(Object.assign(new Error(`no answer within ${opts.timeoutMs} ms`), { code: 'ETIMEDOUT' })),
      opts.timeoutMs,
    );
    req.on('error', (err: NodeJS.ErrnoException) => {
      resolve(done(null, err.code === 'ETIMEDOUT' ? err.message : `${err.code ?? 'error'}: ${err.message}`));
    });
    req.end(body);
  });
}
