// The payer approves on the sandbox checkout page behind a booking's payment_url.
import assert from 'node:assert/strict';

export async function payOnSandbox(base: string, paymentUrl: string): Promise<void> {
  const res = await fetch(new URL(new URL(paymentUrl).pathname, base), {
    method: 'POST',
    body: 'action=approve',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    redirect: 'manual',
  });
  assert.equal(res.status, 303);
}
