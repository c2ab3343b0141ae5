// POST /api/v1/admin/facility/upload (operator token): a facility sheet as multipart field
// `file`, streamed into the importer (never held in memory), all or nothing, idempotent.
import multipart from '@fastify/multipart';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { importFacilitySheet } from '../../core/cowin/facility-import.js';
import { SHEET_HEADERS } from '../../core/cowin/facility-sheet.js';
import { operatorOf } from './auth.js';
import { uploadError } from './errors.js';

const Imported = Type.Object(
  {
    status: Type.Literal('imported'),
    rows: Type.Integer({ description: 'facility rows in the sheet' }),
    centres: Type.Integer({ description: 'distinct centres (pincode + Facilityname) created or updated' }),
    sessions: Type.Integer({ description: 'sessions (centre, vaccine, day, time range) created or updated' }),
  },
  { examples: [{ status: 'imported', rows: 3, centres: 2, sessions: 84 }] },
);

// For the OpenAPI document: the multipart body is streamed by the handler, not parsed before it.
const UploadBody = Type.Object(
  { file: Type.String({ format: 'binary', description: 'The facility sheet, a .csv file' }) },
  { examples: [{ file: 'facility-sheet.csv' }] },
);

const UploadError = Type.Object(
  {
    errorCode: Type.String(),
    error: Type.String(),
    message: Type.Optional(Type.String()),
    'Wrong-Headers': Type.Optional(Type.Array(Type.String())),
    'Missing-Headers': Type.Optional(Type.Array(Type.String())),
    errors: Type.Optional(Type.Array(Type.Object({ line: Type.Integer(), reason: Type.String() }))),
    total: Type.Optional(Type.Integer()),
  },
  {
    examples: [
      {
        errorCode: 'USRRES0005',
        error: 'INVALID_FILE_HEADERS',
        message: `the header must be exactly: ${SHEET_HEADERS.join(',')}`,
        'Wrong-Headers': ['Facility Name'],
        'Missing-Headers': ['Facilityname'],
      },
      {
        errorCode: 'USRRES0004',
        error: 'INVALID_FILE_DATA',
        message: '1 line is invalid; nothing was imported',
        errors: [{ line: 3, reason: 'Pincode must be 6 digits like 411001, got "4110"' }],
        total: 1,
      },
    ],
  },
);

export const facilityUploadRoutes: FastifyPluginAsyncTypebox = async (app) => {
  await app.register(multipart, {
    // files: 2, so that a second file is seen (and refused) rather than silently dropped.
    limits: { fileSize: app.config.facilityUploadMaxMb * 1024 * 1024, files: 2, fields: 5, parts: 6 },
  });

  app.post(
    '/api/v1/admin/facility/upload',
    {
      preHandler: app.cowinAuth.operator,
      // The body schema documents the multipart field; the handler streams and checks the file itself.
      validatorCompiler: () => () => true,
      schema: {
        operationId: 'uploadFacilitySheet',
        tags: ['Operators'],
        security: [{ operatorToken: [] }],
        consumes: ['multipart/form-data'],
        summary: 'Upload a facility sheet (CSV): centres and their sessions, all or nothing',
        description:
          `multipart/form-data with the sheet in the field \`file\` (a .csv). Header: ${SHEET_HEADERS.join(',')}. ` +
          'See docs/facility-upload.md. A facility operator may change only the centres it created; an admin any centre.',
        body: UploadBody,
        response: { 200: Imported, 400: UploadError, 401: { $ref: 'CowinError#' }, 409: UploadError, 413: UploadError },
      },
    },
    async (req) => {
      const actor = operatorOf(req);
      if (!req.isMultipart())
        throw uploadError('USRRES0001', 'send the sheet as multipart/form-data in the field named "file"');
      const files = req.files();
      const part = (await files.next().catch(() => undefined))?.value;
      if (!part)
        throw uploadError('USRRES0001', 'no file in the request: send the sheet in the multipart field named "file"');
      if (part.fieldname !== 'file') {
        part.file.resume();
        throw uploadError(
          'USRRES0001',
          `the file came in the field "${part.fieldname}"; send it in the field named "file"`,
        );
      }
      if (!/^[^/\\]+\.csv$/i.test(part.filename ?? '')) {
        part.file.resume();
        throw uploadError(
          'USRRES0002',
          `the file name must end in .csv, got "${String(part.filename ?? '').slice(0, 80)}"`,
        );
      }
      // Past FACILITY_UPLOAD_MAX_MB the stream is cut short: the importer then imports nothing.
      const result = await importFacilitySheet(
        app.store,
        part.file,
        { operatorId: actor.id, role: actor.role },
        {
          truncated: () => part.file.truncated,
          // Another file after the sheet: refuse the upload rather than import half of what was sent.
          beforeCommit: async () => {
            const next = await files.next().catch(() => ({ done: false, value: undefined }));
            if (next.done) return;
            next.value?.file.resume();
            throw uploadError(
              'USRRES0001',
              'the request carries more than one file: send exactly one file, in the field named "file"',
            );
          },
        },
      );
      return { status: 'imported' as const, ...result };
    },
  );
};
