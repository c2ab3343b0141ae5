// Standard Webhooks signatures (https://www.standardwebhooks.com): every delivery carries
//   webhook-id: msg_…            (the event id; the same on every retry of the event)
//   webhook-timestamp: 1764390000 (seconds since the epoch, when this attempt was signed)
//   webhook-signature: v1,<base64 HMAC-SHA256 of "{id}.{timestamp}.{body}">
// keyed with the base64-decoded part of the endpoint's `whsec_<base64>` secret.
import { createHmac, randomBytes } from 'node:crypto';

export const SECRET_PREFIX = 'whsec_';

/** A new endpoint secret: `whsec_` + 24 random bytes in base64. */
export function newWebhookSecret(): string {
  return `${SECRET_PREFIX}${randomBytes(24).toString('base64')}`;
}

/** The `webhook-signature` value of one delivery attempt. */
export function webhookSignature(secret: string, id: string, timestamp: number, body: string): string {
  const key = Buffer.from(secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret, 'base64');
  return `v1,${createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64')}`;
}

/** The three Standard Webhooks headers, plus the JSON content type. */
export function webhookHeaders(secret: string, id: string, now: Date, body: string): Record<string, string> {
  const timestamp = Math.floor(now.getTime() / 1000);
  return {
    'content-type': 'application/json',
    'webhook-id': id,
    'webhook-timestamp': String(timestamp),
    'webhook-signature': webhookSignature(secret, id, timestamp, body),
  };
}
