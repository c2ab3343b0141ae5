// Tokens and requests for the centre, upload, appointment and metadata tests.
import type { FastifyInstance } from 'fastify';
import { signToken } from '../../src/core/shared/tokens.js';
import type { Config } from '../../src/config.js';

export const guestToken = (config: Config, sub = '1') => signToken(config.secret, { kind: 'guest', sub }, 900);
export const beneficiaryToken = (config: Config, mobile: string, guestId = 1) =>
  signToken(config.secret, { kind: 'beneficiary', sub: mobile, guest_id: guestId }, 900);
export const operatorToken = (config: Config, id: number, role: 'admin' | 'facility') =>
  signToken(config.secret, { kind: 'operator', sub: String(id), role }, 900);

export async function get(app: FastifyInstance, url: string, token?: string) {
  const res = await app.inject({ method: 'GET', url, headers: token ? { authorization: `Bearer ${token}` } : {} });
  return { status: res.statusCode, body: res.json() };
}

export async function post(app: FastifyInstance, url: string, payload: unknown, token?: string) {
  const res = await app.inject({
    method: 'POST',
    url,
    payload: payload as object,
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
  return { status: res.statusCode, body: res.json() };
}
