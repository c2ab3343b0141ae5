// A CoWIN client generated from the official protected YAML alone: every call is named by the
// YAML's operationId, its method and path come from the YAML, the base URL is the only thing
// that differs from API Setu's sandbox server. It sends what the YAML's security schemes ask
// for (x-api-key, and the bearer token from confirmOTP) and the OTP as its SHA-256 hex.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

type Json = Record<string, any>;

export class YamlClient {
  private readonly ops = new Map<string, { method: string; path: string; security: string[] }>();
  token: string | undefined;

  constructor(
    /** Replaces the YAML's server URL (https://cdndemo-api.co-vin.in/api). */
    private readonly baseUrl: string,
    private readonly apiKey: string,
  ) {
    const spec = parse(readFileSync(new URL('../../docs/api-setu/cowin-protected-v2.yaml', import.meta.url), 'utf8'));
    for (const [path, item] of Object.entries<Json>(spec.paths))
      for (const [method, op] of Object.entries<Json>(item))
        this.ops.set(op.operationId, {
          method: method.toUpperCase(),
          path,
          security: (op.security ?? []).flatMap((s: Json) => Object.keys(s)),
        });
  }

  /** Call an operation by its operationId; `path` fills {params}, `query` the query string. */
  async call(
    operationId: string,
    opts: { path?: Record<string, string>; query?: Record<string, string>; body?: unknown } = {},
  ): Promise<Response> {
    const op = this.ops.get(operationId);
    if (!op) throw new Error(`the YAML has no operation ${operationId}`);
    let path = op.path;
    for (const [k, v] of Object.entries(opts.path ?? {})) path = path.replace(`{${k}}`, encodeURIComponent(v));
    const query = opts.query ? `?${new URLSearchParams(opts.query)}` : '';
    const headers: Record<string, string> = { accept: 'application/json', 'x-api-key': this.apiKey };
    if (op.security.includes('BearerAuth') && this.token) headers.authorization = `Bearer ${this.token}`;
    if (opts.body !== undefined) headers['content-type'] = 'application/json';
    return fetch(`${this.baseUrl}${path}${query}`, {
      method: op.method,
      headers,
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
    });
  }

  async json(operationId: string, opts: Parameters<YamlClient['call']>[1] = {}): Promise<Json> {
    const res = await this.call(operationId, opts);
    const text = await res.text();
    if (!res.ok) throw new Error(`${operationId} → ${res.status} ${text}`);
    return text ? JSON.parse(text) : {};
  }

  async login(mobile: string, readOtp: () => Promise<string>): Promise<Json> {
    const { txnId } = await this.json('generateOTP', { body: { mobile } });
    const otp = createHash('sha256')
      .update(await readOtp())
      .digest('hex');
    const answer = await this.json('confirmOTP', { body: { otp, txnId } });
    this.token = answer.token;
    return answer;
  }
}
