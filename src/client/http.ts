// One HTTP call of the SDK: builds the URL, serializes the JSON body once, signs those exact
// bytes with `Cmt` when asked, and turns an error answer into a CareslotError.
import { signCmt } from './cmt.js';
import type { operations } from './openapi.js';

export type OperationId = keyof operations;
type Op<K extends OperationId> = operations[K];
type Json<C> = C extends { content: { 'application/json': infer J } } ? J : never;

/** The JSON request body of an operation. */
export type BodyOf<K extends OperationId> = Op<K> extends { requestBody?: infer B } ? Json<NonNullable<B>> : never;
/** The query parameters of an operation. */
export type QueryOf<K extends OperationId> = Op<K> extends { parameters: { query?: infer Q } } ? NonNullable<Q> : never;
/** The JSON body of an operation's 200 answer. */
export type ResultOf<K extends OperationId> = Op<K> extends { responses: { 200: infer R } } ? Json<R> : never;
/** `data.info` of a partner API answer ({"status": 1000, "message": …, "data": {"info": …}}). */
export type InfoOf<K extends OperationId> = ResultOf<K> extends { data: { info: infer I } } ? I : never;

/** An error answer: the HTTP status, the dialect's code (partner `status` or CoWIN `errorCode`) and message. */
export class CareslotError extends Error {
  constructor(
    readonly httpStatus: number,
    readonly code: string | number | undefined,
    message: string,
    readonly body: unknown,
  ) {
    super(message);
    this.name = 'CareslotError';
  }
}

export interface PartnerCredentials {
  /** The partner token (sent as `Authorization: Bearer …`). */
  token: string;
  /** The partner secret (never sent; keys the `Cmt` signature). */
  secret: string;
}

export interface TransportOptions {
  /** e.g. `http://localhost:8080` (no trailing path). */
  baseUrl: string;
  partner?: PartnerCredentials;
  /** A fetch implementation (default the global one). */
  fetch?: typeof fetch;
}

export interface CallOptions {
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  /** Send Authorization + Cmt with the partner credentials. */
  signed?: boolean;
  /** A bearer token (CoWIN guest/beneficiary token). */
  bearer?: string;
  /** `json` (default) or `text` (bare bodies, e.g. the CoWIN guest token). */
  as?: 'json' | 'text';
}

function queryString(query: CallOptions['query']): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined) params.append(k, String(v));
  const s = params.toString();
  return s ? `?${s}` : '';
}

function errorOf(status: number, body: unknown, text: string): CareslotError {
  const b = (body ?? {}) as Record<string, unknown>;
  const code = (b.errorCode ?? (typeof b.status === 'number' ? b.status : undefined)) as string | number | undefined;
  const message = String(b.message ?? b.error ?? (text.slice(0, 200) || `HTTP ${status}`));
  return new CareslotError(status, code, message, body);
}

export class Transport {
  private readonly fetch: typeof fetch;
  constructor(readonly options: TransportOptions) {
    this.fetch = options.fetch ?? globalThis.fetch;
  }

  async call<T>(method: string, path: string, opts: CallOptions = {}): Promise<T> {
    const target = path + queryString(opts.query);
    const headers: Record<string, string> = { accept: 'application/json' };
    const payload = opts.body === undefined ? undefined : JSON.stringify(opts.body);
    if (payload !== undefined) headers['content-type'] = 'application/json';
    if (opts.bearer) headers.authorization = `Bearer ${opts.bearer}`;
    if (opts.signed) {
      const partner = this.options.partner;
      if (!partner) throw new Error(`${method} ${path} is signed: create the client with partner: { token, secret }`);
      headers.authorization = `Bearer ${partner.token}`;
      headers.cmt = signCmt({ secret: partner.secret, method, url: target, body: payload ?? '' });
    }
    const res = await this.fetch(new URL(target, this.options.baseUrl), { method, headers, body: payload });
    const text = await res.text();
    let body: unknown;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      body = undefined;
    }
    if (!res.ok) throw errorOf(res.status, body, text);
    return (opts.as === 'text' ? text : body) as T;
  }
}
