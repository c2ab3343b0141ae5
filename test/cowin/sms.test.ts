// SMS delivery: the sandbox's log sender, the production webhook sender (retries, backoff, no
// OTP in logs), and production mode end to end (the OTP only reaches the webhook).
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { createGuest } from '../../src/core/cowin/guests.js';
import {
  ConsoleSmsSender,
  createSmsSender,
  SmsDeliveryError,
  WebhookSmsSender,
  type SmsMessage,
} from '../../src/core/cowin/sms.js';
import { testApp } from '../helpers/app.js';
import { Client, expectError, mobile } from './helpers.js';

const SEND = '/api/v1/auth/confirmMobileOTP';
const CONFIRM = '/api/v1/auth/mobileOTP';

describe('SMS delivery', () => {
  let server: Server;
  let url: string;
  const received: SmsMessage[] = [];
  let failNext = 0;
  let status = 200;
  before(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (d) => {
        body += d;
      });
      req.on('end', () => {
        if (failNext > 0) {
          failNext--;
          res.statusCode = 503;
          res.end();
          return;
        }
        received.push(JSON.parse(body));
        res.statusCode = status;
        res.end('{}');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/sms`;
  });
  after(async () => {
    await new Promise((r) => server.close(r));
  });

  const logger = () => {
    const lines: string[] = [];
    return {
      lines,
      log: {
        info: (o: object, m?: string) => lines.push(JSON.stringify(o) + (m ?? '')),
        warn: (o: object, m?: string) => lines.push(JSON.stringify(o) + (m ?? '')),
      },
    };
  };

  it('the sandbox writes SMS to the server log with the mobile masked; a webhook URL selects the webhook sender', async () => {
    const { lines, log } = logger();
    const sender = createSmsSender({ smsWebhookUrl: '' }, log);
    assert.ok(sender instanceof ConsoleSmsSender);
    await sender.send({ to: '9876543210', text: '482913 is your OTP', kind: 'otp' });
    assert.equal(lines.length, 1);
    assert.match(lines[0], /\[sms to \*\*\*\*\*3210\] 482913 is your OTP/);
    assert.ok(!lines[0].includes('9876543210'));
    assert.ok(createSmsSender({ smsWebhookUrl: url }, log) instanceof WebhookSmsSender);
  });

  it('the webhook sender POSTs JSON, retries 5xx with backoff, and never logs the text', async () => {
    const { lines, log } = logger();
    const sender = new WebhookSmsSender({ url, log, backoffMs: 1 });
    failNext = 2;
    received.length = 0;
    await sender.send({ to: '9876543210', text: '482913 is your OTP', kind: 'otp' });
    assert.deepEqual(received, [{ to: '9876543210', text: '482913 is your OTP', kind: 'otp' }]);
    assert.equal(lines.length, 3, 'two failed attempts and one delivery logged');
    assert.ok(
      lines.every((l) => !l.includes('482913') && !l.includes('9876543210')),
      lines.join('\n'),
    );
  });

  it('gives up after its tries, and does not retry a 4xx', async () => {
    const { lines, log } = logger();
    failNext = 5;
    await assert.rejects(
      new WebhookSmsSender({ url, log, attempts: 3, backoffMs: 1 }).send({
        to: '9876543210',
        text: '111111',
        kind: 'otp',
      }),
      SmsDeliveryError,
    );
    assert.equal(failNext, 2, 'three tries were made');
    failNext = 0;
    status = 400;
    received.length = 0;
    await assert.rejects(
      new WebhookSmsSender({ url, log, attempts: 3, backoffMs: 1 }).send({
        to: '9876543210',
        text: '111111',
        kind: 'otp',
      }),
      SmsDeliveryError,
    );
    assert.equal(received.length, 1, 'a 400 is not retried');
    status = 200;
    assert.ok(lines.every((l) => !l.includes('111111')));
  });

  it('in production the OTP goes only to the webhook, never into the response', async () => {
    const t = await testApp({
      env: { CARESLOT_MODE: 'production', METRICS_TOKEN: 'metrics-token-0123456789', SMS_WEBHOOK_URL: url },
    });
    try {
      const c = new Client(t);
      const { userName } = await createGuest(t.store.db, { name: 'Prod app' });
      const guestToken = (await c.post('/api/v1/auth/guest/login', { user_name: userName })).body;
      received.length = 0;
      const m = mobile();
      const res = await c.post(SEND, { mobile: m }, guestToken);
      assert.equal(res.statusCode, 200, res.body);
      assert.deepEqual(Object.keys(res.json()), ['txnId']);
      assert.equal(received.length, 1);
      assert.equal(received[0].to, m);
      const otp = /(\d{6})/.exec(received[0].text)![1];
      const ok = await c.post(CONFIRM, { otp, txnId: res.json().txnId }, guestToken);
      assert.equal(ok.statusCode, 200, ok.body);
      // When the gateway is down the caller gets a clear 503, and that txnId is unusable.
      failNext = 10;
      const down = await c.post(SEND, { mobile: m }, guestToken);
      expectError(down, 503, 'USRAUT0022', /Retry in a minute/);
      failNext = 0;
    } finally {
      await t.close();
    }
  });
});
