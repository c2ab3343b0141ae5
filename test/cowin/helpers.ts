// Helpers for the Registration & Appointment API tests: guest tokens, valid unique beneficiary
// details, and a recorder of every response body (to check that nothing leaks unmasked).
import assert from 'node:assert/strict';
import { randomInt } from 'node:crypto';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { createGuest } from '../../src/core/cowin/guests.js';
import { verhoeffDigit } from '../../src/core/cowin/photo-id.js';
import type { TestApp } from '../helpers/app.js';

export function aadhaar(): string {
  const body = String(randomInt(2, 10)) + String(randomInt(0, 1e10)).padStart(10, '0');
  return body + verhoeffDigit(body);
}

export function mobile(): string {
  return String(randomInt(6, 10)) + String(randomInt(0, 1e9)).padStart(9, '0');
}

export function person(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: 'Apparao',
    birth_year: '1980',
    gender: 'Male',
    mobile_number: Number(mobile()),
    photo_id_type: 1,
    photo_id_number: Number(aadhaar()),
    health_id_number: null,
    state_id: null,
    district_id: null,
    block_id: null,
    locality_id: null,
    pincode: null,
    address: 'null',
    consent: 'Y',
    ...overrides,
  };
}

/** Calls the app, remembering every response body. */
export class Client {
  readonly bodies: string[] = [];
  constructor(private readonly t: TestApp) {}

  async call(opts: InjectOptions & { token?: string }): Promise<LightMyRequestResponse> {
    const { token, ...rest } = opts;
    const res = await this.t.app.inject({
      ...rest,
      headers: { ...rest.headers, ...(token ? { authorization: `Bearer ${token}` } : {}) },
    });
    this.bodies.push(res.body);
    return res;
  }

  post(url: string, payload: unknown, token?: string) {
    return this.call({ method: 'POST', url, payload: payload as InjectOptions['payload'], token });
  }

  get(url: string, token?: string) {
    return this.call({ method: 'GET', url, token });
  }

  /** A new guest account and a fresh guest token for it. */
  async guest(name = 'Partner app'): Promise<{ token: string; userName: string; guestId: number }> {
    const { userName, guest } = await createGuest(this.t.store.db, { name });
    const res = await this.post('/api/v1/auth/guest/login', { user_name: userName });
    assert.equal(res.statusCode, 200, res.body);
    return { token: res.body, userName, guestId: guest.id };
  }

  async add(
    guestToken: string,
    overrides: Record<string, unknown> = {},
  ): Promise<{ ref: number; token: string; body: Record<string, unknown> }> {
    const body = person(overrides);
    const res = await this.post('/api/v1/registration/beneficiary/add', body, guestToken);
    assert.equal(res.statusCode, 200, res.body);
    const json = res.json();
    return { ref: json.beneficiary_reference_id, token: json.token, body };
  }

  /** No recorded response contains any of these values in clear. */
  assertNeverShown(values: Array<string | number>): void {
    for (const v of values) {
      const s = String(v);
      const leaked = this.bodies.find((b) => b.includes(s));
      assert.equal(leaked, undefined, `a response showed ${s} unmasked: ${leaked?.slice(0, 200)}`);
    }
  }
}

export function expectError(res: LightMyRequestResponse, status: number, errorCode: string, message?: RegExp): void {
  assert.equal(res.statusCode, status, res.body);
  const json = res.json();
  assert.equal(json.errorCode, errorCode, res.body);
  assert.equal(typeof json.error, 'string');
  if (message) assert.match(json.error, message);
}
