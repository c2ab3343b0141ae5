// Verifying Careslot's webhook deliveries, which follow Standard Webhooks
// (https://www.standardwebhooks.com):
//
//   webhook-id: msg_…            webhook-timestamp: <unix seconds>
//   webhook-signature: v1,<base64 HMAC-SHA256(key, "{id}.{timestamp}.{raw body}")> [v1,<…> …]
//
// where the key is the base64-decoded part of the endpoint secret `whsec_<base64>`. Several
// signatures separated by spaces (during a secret rotation) match if any one does.
import { createHmac, timingSafeEqual } from 'node:crypto';

export class WebhookVerificationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WebhookVerificationError';
  }
}

/** Node's `req.headers`, a fetch `Headers`, or any name → value map (names in any case). */
export type WebhookHeaders = { get(name: string): string | null } | Record<string, string | string[] | undefined>;

export interface VerifyOptions {
  /** How far the timestamp may be from now, either way (default 300 s). */
  toleranceSeconds?: number;
  /** The current time in Unix seconds (default the clock); for tests. */
  now?: number;
}

function header(headers: WebhookHeaders, name: string): string | undefined {
  if (typeof (headers as { get?: unknown }).get === 'function') {
    return (headers as { get(name: string): string | null }).get(name) ?? undefined;
  }
  for (const [k, v] of Object.entries(headers as Record<string, string | string[] | undefined>)) {
    if (k.toLowerCase() === name) return Array.isArray(v) ? v[0] : v;
  }
  return undefined;
}

function secretKey(secret: string): Buffer {
  const b64 = secret.startsWith('whsec_') ? secret.slice('whsec_'.length) : secret;
  const key = Buffer.from(b64, 'base64');
  if (key.length === 0) throw new WebhookVerificationError('the webhook secret is empty: expected whsec_<base64>');
  return key;
}

/**
 * Checks a delivery's signature and timestamp and returns its parsed JSON body. Throws
 * WebhookVerificationError saying what is wrong. Pass the raw body exactly as received,
 * before any JSON parsing.
 */
export function verifyWebhook<T = unknown>(
  secret: string,
  headers: WebhookHeaders,
  rawBody: string | Uint8Array,
  options: VerifyOptions = {},
): T {
  const id = header(headers, 'webhook-id');
  const timestamp = header(headers, 'webhook-timestamp');
  const signatures = header(headers, 'webhook-signature');
  if (!id || !timestamp || !signatures)
    throw new WebhookVerificationError(
      'missing webhook-id, webhook-timestamp or webhook-signature header: is this a Careslot delivery?',
    );
  if (!/^\d{1,12}$/.test(timestamp))
    throw new WebhookVerificationError(`webhook-timestamp must be Unix seconds, got "${timestamp.slice(0, 20)}"`);
  const now = options.now ?? Math.floor(Date.now() / 1000);
  const tolerance = options.toleranceSeconds ?? 300;
  const age = now - Number(timestamp);
  if (Math.abs(age) > tolerance)
    throw new WebhookVerificationError(
      `webhook-timestamp is ${Math.abs(age)} s in the ${age > 0 ? 'past' : 'future'} (tolerance ${tolerance} s): a replay, or a wrong clock`,
    );
  const body = typeof rawBody === 'string' ? Buffer.from(rawBody, 'utf8') : Buffer.from(rawBody);
  const expected = createHmac('sha256', secretKey(secret)).update(`${id}.${timestamp}.`).update(body).digest();
  let matched = false;
  for (const candidate of signatures.split(' ')) {
    const [version, value] = candidate.split(',', 2);
    if (version !== 'v1' || !value) continue;
    const given = Buffer.from(value, 'base64');
    // Every candidate is compared (no early exit) in constant time.
    if (given.length === expected.length && timingSafeEqual(given, expected)) matched = true;
  }
  if (!matched)
    throw new WebhookVerificationError('no webhook-signature matches: wrong secret, or the body was changed');
  try {
    return JSON.parse(body.toString('utf8')) as T;
  } catch {
    throw new WebhookVerificationError('the signed body is not JSON');
  }
}
