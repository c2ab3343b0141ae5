// Facility sheet upload: the same streamed, all-or-nothing importer as
// POST /api/v1/admin/facility/upload (core/cowin/facility-import.ts). The browser shows the
// upload's progress (htmx's xhr progress events → <progress>); since the importer reads the
// sheet as it arrives, that is also the import's progress. Bad lines are listed one by one.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import { importFacilitySheet, SheetError } from '../../core/cowin/facility-import.js';
import { SHEET_HEADERS } from '../../core/cowin/facility-sheet.js';
import { html, type Html } from './html.js';
import { csrfField, notice, page, viewOf, type View } from './layout.js';
import { CONSOLE, CSRF_FIELD, checkCsrf, requireConsoleOperator } from './session.js';

function form(v: View, outcome?: Html): string {
  return page(
    v,
    v.t('upload.title'),
    html`<p class="muted">CSV with the header: <code>${SHEET_HEADERS.join(',')}</code>. An upload is all or nothing
    and can be repeated safely (docs/facility-upload.md).</p>
    <form method="post" action="${CONSOLE}/upload" enctype="multipart/form-data"
      hx-post="${CONSOLE}/upload" hx-encoding="multipart/form-data" hx-target="#outcome" hx-swap="innerHTML">
      ${csrfField(v)}
      <label for="file">${v.t('upload.file')}</label>
      <input id="file" name="file" type="file" accept=".csv,text/csv" required>
      <p><button type="submit">${v.t('upload.submit')}</button></p>
      <label for="progress">${v.t('upload.progress')} <span data-progress-text aria-live="polite"></span></label>
      <progress id="progress" max="100" value="0"></progress>
    </form>
    <div id="outcome" aria-live="polite">${outcome ?? ''}</div>`,
  );
}

function sheetProblem(v: View, err: SheetError): Html {
  const d = err.details;
  return html`${notice('error', html`<strong>${v.t('upload.failed')}</strong>: ${err.message}`)}
    ${d.wrong?.length ? html`<p>Wrong headers: ${d.wrong.join(', ')}</p>` : ''}
    ${d.missing?.length ? html`<p>Missing headers: ${d.missing.join(', ')}</p>` : ''}
    ${
      d.errors?.length
        ? html`<div class="table-wrap"><table id="line-errors"><caption>${d.total ?? d.errors.length} bad line(s)</caption>
        <thead><tr><th scope="col">${v.t('col.line')}</th><th scope="col">${v.t('col.whatToFix')}</th></tr></thead>
        <tbody>${d.errors.map((e) => html`<tr><td>${e.line}</td><td>${e.reason}</td></tr>`)}</tbody></table></div>`
        : ''
    }`;
}

async function receive(req: FastifyRequest): Promise<{ status: number; body: Html }> {
  const v = viewOf(req);
  const op = req.consoleOperator!;
  const part = req.isMultipart() ? await req.file().catch(() => undefined) : undefined;
  const field = part?.fields[CSRF_FIELD] as { value?: unknown } | undefined;
  checkCsrf(req, typeof field?.value === 'string' ? field.value : undefined);
  if (part?.fieldname !== 'file') {
    part?.file.resume();
    return { status: 400, body: notice('error', 'choose a .csv file to upload') };
  }
  if (!/^[^/\\]+\.csv$/i.test(part.filename ?? '')) {
    part.file.resume();
    return {
      status: 400,
      body: notice('error', `the file name must end in .csv, got "${part.filename.slice(0, 80)}"`),
    };
  }
  try {
    const r = await importFacilitySheet(
      req.server.store,
      part.file,
      { operatorId: op.id, role: op.role },
      { truncated: () => part.file.truncated },
    );
    return {
      status: 200,
      body: notice(
        'ok',
        html`<strong>${v.t('upload.done')}</strong>: ${r.rows} rows, ${r.centres} centres, ${r.sessions} sessions.
        <a href="${CONSOLE}/centres">${v.t('nav.centres')}</a>`,
      ),
    };
  } catch (err) {
    if (err instanceof SheetError) return { status: err.kind === 'too_large' ? 413 : 400, body: sheetProblem(v, err) };
    throw err;
  }
}

export const uploadRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const guard = requireConsoleOperator();
  app.get('/upload', { preValidation: guard, schema: { hide: true } }, async (req, reply) =>
    reply.type('text/html; charset=utf-8').send(form(viewOf(req))),
  );
  app.post(
    '/upload',
    {
      preValidation: guard,
      // The multipart body is streamed by the handler (CSRF field first, then the file).
      validatorCompiler: () => () => true,
      schema: {
        hide: true,
        body: Type.Object(
          { _csrf: Type.String(), file: Type.String({ format: 'binary' }) },
          { examples: [{ _csrf: '…', file: 'facility-sheet.csv' }] },
        ),
      },
    },
    async (req, reply) => {
      const { status, body } = await receive(req);
      reply.code(status).type('text/html; charset=utf-8');
      return reply.send(req.headers['hx-request'] ? body.text : form(viewOf(req), body));
    },
  );
};
