// SMART Scheduling Links (https://github.com/smart-on-fhir/smart-scheduling-links): the open
// availability feed aggregators read, public and without personal data. `GET /$bulk-publish`
// lists the NDJSON files of FHIR Locations, Schedules and Slots under /smart/. The files come
// from core/scheduling/smart-feed.ts; this folder only answers HTTP. See docs/smart-scheduling.md.
import { createHash } from 'node:crypto';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { feedFile, feedFiles, type FeedFileName } from '../../core/scheduling/smart-feed.js';
import { DomainError } from '../../core/shared/errors.js';
import { clientStatus, describeValidation } from '../errors.js';
import { answerConditionally } from './conditional.js';
import { EXAMPLES, Manifest, NDJSON, NdjsonBody, NotModified, Outcome, TAGS } from './schemas.js';

const outcome = (code: string, diagnostics: string) => ({
  resourceType: 'OperationOutcome' as const,
  issue: [{ severity: 'error', code, diagnostics }],
});
const FHIR_CODES: Record<number, string> = { 400: 'invalid', 404: 'not-found', 405: 'not-supported', 429: 'throttled' };
const refused = { 400: Type.Ref('FhirOperationOutcome'), 429: Type.Ref('FhirOperationOutcome') };

export const smartSchedulingApi: FastifyPluginAsyncTypebox = async (app) => {
  app.addSchema(Outcome);
  app.notFoundShapes.push({ prefix: '/smart/', body: (status, message) => outcome(FHIR_CODES[status], message) });
  app.setErrorHandler((err: FastifyError, req, reply) => {
    if (err instanceof DomainError && typeof err.details.retry_after_seconds === 'number') {
      reply.header('retry-after', String(err.details.retry_after_seconds));
      return reply.code(429).send(outcome('throttled', err.message));
    }
    const status = clientStatus(err);
    if (status)
      return reply
        .code(status)
        .send(outcome(FHIR_CODES[status] ?? 'invalid', err.validation ? describeValidation(err) : err.message));
    req.log.error({ err }, 'unhandled error');
    return reply.code(500).send(outcome('exception', 'Internal Server Error'));
  });

  // Links use PUBLIC_URL, never the request's Host header: every client (and any shared cache
  // in front) gets the same manifest, and a forged Host cannot point it elsewhere.
  const base = app.config.publicUrl.replace(/\/+$/, '');

  app.get(
    '/$bulk-publish',
    {
      schema: {
        operationId: 'getSmartBulkPublishManifest',
        tags: TAGS,
        summary: 'SMART Scheduling Links manifest',
        description:
          'The entry point of the open availability feed: the URLs of the Location, Schedule and Slot files (one Slot file per state, and one for the kids vaccination providers). Public; poll it every few minutes with If-None-Match. See docs/smart-scheduling.md.',
        querystring: Type.Object({
          _since: Type.Optional(
            Type.String({ description: 'Accepted and ignored: the manifest always lists the full data set' }),
          ),
        }),
        response: { 200: Manifest, 304: NotModified, ...refused },
      },
    },
    async (req, reply) => {
      const files = await feedFiles(app.store.db, new Date());
      const url = (name: FeedFileName) => `${base}/smart/${name}.ndjson`;
      const newest = Math.max(...files.map((f) => f.file.lastModified));
      const manifest = {
        transactionTime: new Date(newest).toISOString(),
        request: `${base}/$bulk-publish`,
        output: files.map(({ file, group }) => ({
          type:
            file.name === 'locations'
              ? ('Location' as const)
              : file.name === 'schedules'
                ? ('Schedule' as const)
                : ('Slot' as const),
          url: url(file.name),
          ...(group?.state ? { extension: { state: [group.state] } } : {}),
        })),
        error: [],
      };
      const etag = `"${createHash('sha256').update(JSON.stringify(manifest)).digest('base64url').slice(0, 32)}"`;
      if (answerConditionally(req, reply, { etag, lastModified: newest })) return reply.send();
      return manifest;
    },
  );

  const sendFile = async (req: FastifyRequest, reply: FastifyReply, name: FeedFileName) => {
    const file = await feedFile(app.store.db, name, new Date());
    if (!file)
      return reply
        .code(404)
        .send(
          outcome(
            'not-found',
            `no slot file ${name.slice('slots/'.length)}.ndjson; the $bulk-publish manifest lists the files there are`,
          ),
        );
    if (answerConditionally(req, reply, file)) return reply.send();
    return reply.type(NDJSON).send(file.body);
  };

  for (const [name, example, summary] of [
    ['locations', EXAMPLES.location, 'Every vaccination centre and kids vaccination provider, as FHIR Locations'],
    ['schedules', EXAMPLES.schedule, 'What each place offers, as FHIR Schedules'],
  ] as const)
    app.get(
      `/smart/${name}.ndjson`,
      {
        schema: {
          operationId: name === 'locations' ? 'getSmartLocations' : 'getSmartSchedules',
          tags: TAGS,
          summary,
          produces: [NDJSON],
          response: { 200: NdjsonBody(example), 304: NotModified, ...refused },
        },
      },
      (req, reply) => sendFile(req, reply, name),
    );

  app.get(
    '/smart/slots/:file',
    {
      schema: {
        operationId: 'getSmartSlots',
        tags: TAGS,
        summary: "One state's vaccination slots, or the kids providers' slots, as FHIR Slots",
        description:
          'Each upcoming slot as a `free` Slot (its free seats in slot-capacity) and a `busy` Slot (its taken seats). The manifest lists the files.',
        produces: [NDJSON],
        params: Type.Object({
          file: Type.String({
            pattern: '^[a-z0-9-]{1,80}\\.ndjson$',
            description: 'A slot file the manifest lists: a state (e.g. maharashtra.ndjson) or kids-providers.ndjson',
            examples: ['maharashtra.ndjson'],
          }),
        }),
        response: {
          200: NdjsonBody(EXAMPLES.slot),
          304: NotModified,
          404: Type.Ref('FhirOperationOutcome'),
          ...refused,
        },
      },
    },
    (req, reply) => sendFile(req, reply, `slots/${req.params.file.slice(0, -'.ndjson'.length)}`),
  );
};
