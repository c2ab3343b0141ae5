// The body of a JSON POST as Fastify hands it to its route, for the writes answered around
// Fastify (./fast-posts.ts): parsed as Fastify's JSON parser parses it (secure-json-parse,
// refusing `__proto__` and `constructor.prototype` keys, as the app's defaults do), refused
// if a text in it holds a NUL (the app's preValidation hook, ./errors.ts), and then validated
// by a validator that the route's own scope compiles from the route's schema (the same ajv,
// with its options: types coerced, defaults filled in, extra properties removed where the
// schema says so). So the handler's code sees the very value the route would see. A body
// Fastify would refuse gives undefined: the route then refuses it, in its envelope.
import type { TSchema } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import sjson from 'secure-json-parse';
import { hasNul } from './errors.js';

const PARSE = { protoAction: 'error', constructorAction: 'error' } as const;

/** What `routeBody` gives: the body the route's handler would get, or undefined. */
export type RouteBody<T> = (raw: Buffer) => T | undefined;

/** The body of POST `url` (a route of `scope` whose body schema is `schema`), as its handler gets it. */
export function routeBody<T>(scope: FastifyInstance, url: string, schema: TSchema): RouteBody<T> {
  let validate: ((data: unknown) => boolean) | undefined;
  return (raw) => {
    // Compiled on first use: the scope's validator compiler is set up once the app is ready.
    validate ??= scope.validatorCompiler?.({ schema, method: 'POST', url, httpPart: 'body' }) as
      | ((data: unknown) => boolean)
      | undefined;
    if (!validate || raw.length === 0) return undefined;
    let body: unknown;
    try {
      body = sjson.parse(raw.toString('utf8'), null, PARSE);
    } catch {
      return undefined;
    }
    if (hasNul(body)) return undefined;
    return validate(body) === true ? (body as T) : undefined;
  };
}
