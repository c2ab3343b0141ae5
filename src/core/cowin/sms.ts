// Delivering SMS (OTPs, and notices of sessions an operator cancelled: ./session-notices.ts). The sandbox prints them on the console; production POSTs JSON to an
// HTTP webhook (an SMS gateway or a small adapter in front of one), retried with backoff.
// The OTP text is never logged by the webhook sender.
import { DomainError } from '../shared/errors.js';

export interface SmsMessage {
  /** 10-digit mobile number. */
  to: string;
  text: string;
  /** What the message is, for the gateway's templates and our logs (never the text itself). */
  kind: 'otp' | 'session_cancelled';
}

export interface SmsSender {
  send(message: SmsMessage): Promise<void>;
}

export interface SmsLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
}

/** The gateway did not take the message after retries (each attempt's failure is logged). */
export class SmsDeliveryError extends DomainError {
  constructor(readonly failure: string) {
    super('sms_undelivered', 'Could not send the OTP SMS; nothing was changed. Retry in a minute.');
    this.name = 'SmsDeliveryError';
  }
}

const masked = (mobile: string) => `*****${mobile.slice(-4)}`;

/** Sandbox: print the message (the OTP is shown in sandbox API responses anyway). */
export class ConsoleSmsSender implements SmsSender {
  constructor(private readonly write: (line: string) => void = (line) => process.stdout.write(`${line}\n`)) {}
  async send(m: SmsMessage): Promise<void> {
    this.write(`[sms to ${masked(m.to)}] ${m.text}`);
  }
}

export interface WebhookOptions {
  url: string;
  log: SmsLogger;
  /** Tries in all (default 3). */
  attempts?: number;
  /** Delay before the 2nd try, doubled for each next one (default 250 ms). */
  backoffMs?: number;
  /** Per-try timeout (default 5000 ms). */
  timeoutMs?: number;
}

/**
 * Production: `POST url` with `{"to": "9876543210", "text": "...", "kind": "otp"}`. Any 2xx is
 * delivered; 5xx, 429, timeouts and network errors are retried; other 4xx are not.
 */
export class WebhookSmsSender implements SmsSender {
  constructor(private readonly opts: WebhookOptions) {}

  async send(m: SmsMessage): Promise<void> {
    const attempts = this.opts.attempts ?? 3;
    let delay = this.opts.backoffMs ?? 250;
    let last = '';
    for (let attempt = 1; attempt <= attempts; attempt++) {
      try {
        const res = await fetch(this.opts.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ to: m.to, text: m.text, kind: m.kind }),
          signal: AbortSignal.timeout(this.opts.timeoutMs ?? 5000),
        });
        await res.arrayBuffer().catch(() => undefined);
        if (res.ok) {
          this.opts.log.info({ sms: { to: masked(m.to), kind: m.kind, attempt } }, 'sms delivered to webhook');
          return;
        }
        last = `HTTP ${res.status}`;
        if (res.status < 500 && res.status !== 429) break;
      } catch (err) {
        last = (err as Error).name === 'TimeoutError' ? 'timeout' : 'network error';
      }
      this.opts.log.warn(
        { sms: { to: masked(m.to), kind: m.kind, attempt, error: last } },
        'sms webhook attempt failed',
      );
      if (attempt < attempts) {
        await new Promise((r) => setTimeout(r, delay));
        delay *= 2;
      }
    }
    throw new SmsDeliveryError(`SMS webhook failed (${last})`);
  }
}

/** The webhook sender when SMS_WEBHOOK_URL is set (required in production), else the console (server log). */
export function createSmsSender(config: { smsWebhookUrl: string }, log: SmsLogger): SmsSender {
  if (config.smsWebhookUrl) return new WebhookSmsSender({ url: config.smsWebhookUrl, log });
  return new ConsoleSmsSender((line) => log.info({ sms: true }, line));
}
