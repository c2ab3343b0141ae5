// An SMS webhook for tests (SMS_WEBHOOK_URL): a local HTTP server that keeps every text message
// the app sends, so a test can read the OTP it was sent.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SmsSink {
  url: string;
  texts: { to: string; text: string }[];
  close(): Promise<void>;
}

export async function smsSink(): Promise<SmsSink> {
  const texts: { to: string; text: string }[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => {
      body += d;
    });
    req.on('end', () => {
      texts.push(JSON.parse(body));
      res.end('{}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/sms`,
    texts,
    close: () => new Promise((r) => server.close(() => r())),
  };
}
