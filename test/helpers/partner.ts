// Signed partner requests for tests: the sandbox partner (credentials derived from the test
// secret) or any partner created on the spot.
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { Config } from '../../src/config.js';
import { createPartner } from '../../src/core/partners/partners.js';
import { signRequest } from '../../src/core/partners/signing.js';
import { sandboxPartnerCredentials } from '../../src/sandbox/partner.js';
import type { Store } from '../../src/store/index.js';

export interface PartnerClient {
  token: string;
  secret: string;
  post(url: string, body: unknown, opts?: { t?: number; n?: string }): Promise<LightMyRequestResponse>;
  get(url: string, opts?: { t?: number; n?: string }): Promise<LightMyRequestResponse>;
}

export function partnerClient(app: FastifyInstance, token: string, secret: string): PartnerClient {
  return {
    token,
    secret,
    post(url, body, opts = {}) {
      const payload = typeof body === 'string' ? body : JSON.stringify(body);
      const cmt = signRequest({ secret, method: 'POST', url, body: payload, ...opts }).header;
      return app.inject({
        method: 'POST',
        url,
        payload,
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, cmt },
      });
    },
    get(url, opts = {}) {
      const cmt = signRequest({ secret, method: 'GET', url, ...opts }).header;
      return app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}`, cmt } });
    },
  };
}

export function sandboxPartner(app: FastifyInstance, config: Config): PartnerClient {
  const { token, secret } = sandboxPartnerCredentials(config);
  return partnerClient(app, token, secret);
}

export async function newPartner(
  app: FastifyInstance,
  store: Store,
  config: Config,
  name: string,
  prdIds: string[],
): Promise<PartnerClient & { id: string }> {
  const c = await createPartner(store, config.secret, { name, prdIds });
  return { ...partnerClient(app, c.token, c.secret), id: c.partner.code };
}
