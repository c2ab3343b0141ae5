// One wording of request validation errors for every dialect. Fastify hands the route's
// Ajv errors over (compiled with `verbose`, so each carries the schema that failed); this
// turns them into one sentence per field that names the field once and says what to send:
//   child.gender must be one of: male, female
//   date must be a date like 2026-12-01
//   guardian.mobile must look like +966501234567
//   child.nickname is not a known field (known: name, birth_date, gender)
// Each dialect's error handler puts the sentence in its own envelope with its own code.
import type { FastifyError } from 'fastify';

interface AjvError {
  keyword: string;
  instancePath?: string;
  schemaPath?: string;
  params?: Record<string, unknown>;
  message?: string;
  parentSchema?: Record<string, unknown>;
}

/** A field's dotted path (`child.birth_date`, `services.0`), or the request part when it is the whole part. */
function fieldOf(e: AjvError, context: string): string {
  const where = (e.instancePath ?? '').replace(/^\//, '').replace(/\//g, '.');
  const named = e.keyword === 'required' ? e.params?.missingProperty : e.params?.additionalProperty;
  if (typeof named === 'string') return where ? `${where}.${named}` : named;
  return where || context;
}

const ISO_DATE_PATTERN = /\\d\{4\}-\\d\{2\}-\\d\{2\}\$?$/;

const FORMAT_EXAMPLES: Record<string, string> = {
  date: 'a date like 2026-12-01',
  'date-time': 'a date and time like 2026-12-01T09:30:00Z',
  time: 'a time like 09:30:00Z',
  email: 'an email address like name@example.com',
  uri: 'an absolute URL like https://app.example.com/done',
  uuid: 'a UUID like 3f2b8c1e-9a4d-4c3b-8f1a-2b6c7d8e9f00',
};

const TYPE_NAMES: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  integer: 'a whole number',
  boolean: 'true or false',
  object: 'an object',
  array: 'an array',
  null: 'null',
};

const show = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));

function example(schema: Record<string, unknown> | undefined): string | undefined {
  const ex = Array.isArray(schema?.examples) ? schema.examples[0] : undefined;
  return ex === undefined || (typeof ex === 'object' && ex !== null) ? undefined : show(ex);
}

function plural(n: unknown, one: string): string {
  return `${n} ${one}${n === 1 ? '' : 's'}`;
}

/** What one failed keyword asks for, after the field's name. */
function requirement(e: AjvError): string {
  const p = e.params ?? {};
  const schema = e.parentSchema;
  switch (e.keyword) {
    case 'required':
      return 'is required';
    case 'additionalProperties': {
      const known = schema?.properties && typeof schema.properties === 'object' ? Object.keys(schema.properties) : [];
      return `is not a known field${known.length ? ` (known: ${known.join(', ')})` : ''}`;
    }
    case 'const':
      return `must be ${show(p.allowedValue)}`;
    case 'enum':
      return `must be one of: ${((p.allowedValues as unknown[] | undefined) ?? []).map(show).join(', ')}`;
    case 'type':
      return `must be ${String(p.type)
        .split(',')
        .map((t) => TYPE_NAMES[t] ?? t)
        .join(' or ')}`;
    case 'format':
      return `must be ${FORMAT_EXAMPLES[String(p.format)] ?? `in ${String(p.format)} format`}`;
    case 'pattern': {
      if (ISO_DATE_PATTERN.test(String(p.pattern))) return 'must be a date like 2026-12-01 (YYYY-MM-DD)';
      const ex = example(schema);
      return ex ? `must look like ${ex}` : `must match the pattern ${String(p.pattern)}`;
    }
    case 'minLength':
      return p.limit === 1 ? 'must not be empty' : `must be at least ${plural(p.limit, 'character')} long`;
    case 'maxLength':
      return `must be at most ${plural(p.limit, 'character')} long`;
    case 'minItems':
      return `must have at least ${plural(p.limit, 'item')}`;
    case 'maxItems':
      return `must have at most ${plural(p.limit, 'item')}`;
    case 'minimum':
      return `must be at least ${String(p.limit)}`;
    case 'maximum':
      return `must be at most ${String(p.limit)}`;
    case 'exclusiveMinimum':
      return `must be more than ${String(p.limit)}`;
    case 'exclusiveMaximum':
      return `must be less than ${String(p.limit)}`;
    case 'minProperties':
      return 'must not be empty';
    case 'uniqueItems':
      return 'must not repeat an item';
    default:
      return e.message ?? 'is not valid';
  }
}

export interface ValidationProblem {
  field: string;
  message: string;
}

/**
 * One problem per field. A union (`anyOf`) reports each branch's failure and then its own;
 * those collapse into one requirement: its allowed values when every branch is a constant
 * ("must be one of: male, female"), otherwise the branches' requirements joined by "or".
 */
export function validationProblems(err: Pick<FastifyError, 'validation' | 'validationContext'>): ValidationProblem[] {
  const items = (err.validation ?? []) as AjvError[];
  const context = err.validationContext ?? 'body';
  const problems: ValidationProblem[] = [];
  let branches: AjvError[] = [];
  for (const e of items) {
    if (e.keyword !== 'anyOf' && e.keyword !== 'oneOf') {
      branches.push(e);
      continue;
    }
    // The branch errors are those under this union's schema path.
    const base = `${e.schemaPath ?? ''}/`;
    const mine = branches.filter((b) => (b.schemaPath ?? '').startsWith(base));
    branches = branches.filter((b) => !mine.includes(b));
    problems.push(...branches.map((b) => ({ field: fieldOf(b, context), message: requirement(b) })));
    branches = [];
    problems.push({ field: fieldOf(e, context), message: unionRequirement(mine) });
  }
  problems.push(...branches.map((b) => ({ field: fieldOf(b, context), message: requirement(b) })));
  // One sentence per field: the first one found.
  const seen = new Set<string>();
  return problems.filter((p) => !seen.has(p.field) && seen.add(p.field));
}

function unionRequirement(branches: AjvError[]): string {
  if (branches.length === 0) return 'does not match any of the allowed forms';
  const values: unknown[] = [];
  for (const b of branches) {
    if (b.keyword === 'const') values.push(b.params?.allowedValue);
    else if (b.keyword === 'enum') values.push(...((b.params?.allowedValues as unknown[]) ?? []));
  }
  if (values.length === branches.length || (values.length > 0 && branches.every((b) => b.keyword === 'enum')))
    return `must be one of: ${[...new Set(values)].map(show).join(', ')}`;
  const parts = [...new Set(branches.map((b) => requirement(b).replace(/^must be /, '')))];
  return branches.every((b) => requirement(b).startsWith('must be '))
    ? `must be ${parts.join(' or ')}`
    : parts.join(' or ');
}

/** Turn a Fastify validation error into one sentence per bad field, each field named once. */
export function describeValidation(err: FastifyError): string {
  const problems = validationProblems(err);
  if (problems.length === 0) return err.message;
  return problems.map((p) => `${p.field} ${p.message}`).join('; ');
}

/** The fields a validation error is about (`child.birth_date`, `services`). */
export function validationFields(err: FastifyError): string[] {
  return validationProblems(err).map((p) => p.field);
}

/** The one wording of a body sent without (or with another) Content-Type than JSON. */
export function contentTypeMessage(got: string | undefined, accepted = 'application/json'): string {
  const kind = got
    ? `Content-Type: ${got.split(';')[0].trim().slice(0, 80)} is not accepted here`
    : 'Content-Type is missing';
  return accepted === 'application/json'
    ? `${kind}; send the body as JSON with Content-Type: application/json`
    : `${kind}; send the body with Content-Type: ${accepted}`;
}
