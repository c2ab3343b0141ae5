// POST /api/v1/admin/facility/upload (operator token): a facility sheet as multipart field
// `file`, streamed into the importer (never held in memory), all or nothing, idempotent.
import multipart from '@fastify/multipart';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { isDomainError } from '../../core/shared/errors.js';
import { importFacilitySheet, SheetError } from '../../core/cowin/facility-import.js';
import { SHEET_HEADERS } from '../../core/cowin/facility-sheet.js';
import { CowinError } from './errors.js';
import { operatorOf } from './operators.js';

const Imported = Type.Object({
  status: Type.Literal('imported'),
  rows: Type.Integer({ description: 'facility rows in the sheet' }),
  centres: Type.Integer({ description: 'distinct centres (pincode + Facilityname) created or updated' }),
  sessions: Type.Integer({ description: 'sessions (centre, vaccine, day, time range) created or updated' }),
}, { examples: [{ status: 'imported', rows: 3, centres: 2, sessions: 84 }] });

// For the OpenAPI document: the multipart body is streamed by the handler, not parsed before it.
const UploadBody = Type.Object({ file: Type.String({ format: 'binary', description: 'The facility sheet, a .csv file' }) },
  { examples: [{ file: 'facility-sheet.csv' }] });

const UploadError = Type.Object({
  errorCode: Type.String(), error: Type.String(), message: Type.Optional(Type.String()),
  'Wrong-Headers': Type.Optional(Type.Array(Type.String())), 'Missing-Headers': Type.Optional(Type.Array(Type.String())),
  errors: Type.Optional(Type.Array(Type.Object({ line: Type.Integer(), reason: Type.String() }))),
  total: Type.Optional(Type.Integer()),
}, { examples: [
  { errorCode: 'USRRES0005', error: 'INVALID_FILE_HEADERS', message: `the header must be exactly: ${SHEET_HEADERS.join(',')}`, 'Wrong-Headers': ['Facility Name'], 'Missing-Headers': ['Facilityname'] },
  { errorCode: 'USRRES0004', error: 'INVALID_FILE_DATA', message: '1 line is invalid; nothing was imported', errors: [{ line: 3, reason: 'Pincode must be 6 digits like 411001, got "4110"' }], total: 1 },
] });

const fail = (code: string, error: string, message: string, extra: Record<string, unknown> = {}, status?: number) =>
  new CowinError(code, error, status, { message, ...extra });

/** A refused sheet as this dialect reports it (the HTTP upload and `careslot import facilities`). */
export function sheetErrorBody(err: SheetError): { errorCode: string; error: string; message: string; [k: string]: unknown } {
  if (err.kind === 'header') return { errorCode: 'USRRES0005', error: 'INVALID_FILE_HEADERS', message: err.message, 'Wrong-Headers': err.details.wrong, 'Missing-Headers': err.details.missing };
  if (err.kind === 'rows') return { errorCode: 'USRRES0004', error: 'INVALID_FILE_DATA', message: err.message, errors: err.details.errors, total: err.details.total };
  return { errorCode: 'USRRES0003', error: 'INVALID_FILE_TYPE', message: err.message };
}

export async function facilityUploadRoutes(app: FastifyInstance): Promise<void> {
  await app.register(multipart, { limits: { fileSize: app.config.facilityUploadMaxMb * 1024 * 1024, files: 1, fields: 5, parts: 6 } });

  app.post('/api/v1/admin/facility/upload', {
    preHandler: app.cowinAuth.operator,
    // The body schema documents the multipart field; the handler streams and checks the file itself.
    validatorCompiler: () => () => true,
    schema: {
      tags: ['Operators'], security: [{ operatorToken: [] }], consumes: ['multipart/form-data'],
      summary: 'Upload a facility sheet (CSV): centres and their sessions, all or nothing',
      description: `multipart/form-data with the sheet in the field \`file\` (a .csv). Header: ${SHEET_HEADERS.join(',')}. ` +
        'See docs/facility-upload.md. A facility operator may change only the centres it created; an admin any centre.',
      body: UploadBody,
      response: { 200: Imported, 400: UploadError, 401: { $ref: 'CowinError#' }, 409: UploadError, 413: UploadError },
    },
  }, async (req) => {
    const actor = operatorOf(req.cowinToken);
    if (!req.isMultipart()) throw fail('USRRES0001', 'INPUT_FILE_MISSING', 'send the sheet as multipart/form-data in the field named "file"');
    const part = await req.file().catch(() => undefined);
    if (!part) throw fail('USRRES0001', 'INPUT_FILE_MISSING', 'no file in the request: send the sheet in the multipart field named "file"');
    if (part.fieldname !== 'file') {
      part.file.resume();
      throw fail('USRRES0001', 'INPUT_FILE_MISSING', `the file came in the field "${part.fieldname}"; send it in the field named "file"`);
    }
    if (!/^[^/\\]+\.csv$/i.test(part.filename ?? '')) {
      part.file.resume();
      throw fail('USRRES0002', 'INVALID_FILE_NAME', `the file name must end in .csv, got "${String(part.filename ?? '').slice(0, 80)}"`);
    }
    try {
      const result = await importFacilitySheet(app.store, part.file, { operatorId: actor.id, role: actor.role });
      return { status: 'imported' as const, ...result };
    } catch (err) {
      if (part.file.truncated) {
        throw fail('USRRES0006', 'FILE_TOO_LARGE', `the sheet is larger than ${app.config.facilityUploadMaxMb} MB; split it into several uploads`, {}, 413);
      }
      if (err instanceof SheetError) {
        const { errorCode, error, ...extra } = sheetErrorBody(err);
        throw new CowinError(errorCode, error, 400, extra);
      }
      if (isDomainError(err) && err.code === 'conflict') throw fail('USRRES0007', 'UPLOAD_CONFLICT', err.message, {}, 409);
      throw err;
    }
  });
}
