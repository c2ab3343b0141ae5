// Writes docs/cowin-errors.md from src/api/cowin/error-codes.ts: `npm run docs:errors`.
// A test fails when the page and the catalogue disagree.
import { writeFileSync } from 'node:fs';
import { COWIN_ERRORS } from '../src/api/cowin/error-codes.js';

export function cowinErrorsMarkdown(): string {
  const rows = Object.entries(COWIN_ERRORS)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(
      ([code, e]) =>
        `| \`${code}\` | ${e.status} | ${e.error.replace(/\|/g, '\\|')} | ${e.meaning.replace(/\|/g, '\\|')} |`,
    );
  return [
    '# Registration & Appointment API: error codes',
    '',
    'Every error of the Registration & Appointment API (`/api/v1/...`) has an HTTP status and the',
    'body `{"errorCode": "...", "error": "..."}`; `error` says what to fix. Some errors add fields:',
    '`Wrong-Headers` (USRRES0005), `errors` with line numbers (USRRES0004), `retry_after_seconds`',
    "(429, also sent as the `Retry-After` header). Codes are CoWIN's published ones where one exists;",
    "the table marks Careslot's own.",
    '',
    'This page is generated from `src/api/cowin/error-codes.ts` by `npm run docs:errors`.',
    '',
    '| errorCode | HTTP | error | meaning |',
    '|---|---|---|---|',
    ...rows,
    '',
  ].join('\n');
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop()!)) {
  writeFileSync(new URL('../docs/cowin-errors.md', import.meta.url), cowinErrorsMarkdown());
  console.log('wrote docs/cowin-errors.md');
}
