// The official API Setu YAMLs (copies in docs/api-setu/, errata corrected in place and marked
// "Careslot erratum") as ajv validators of response bodies.
import { readFileSync } from 'node:fs';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';

export type SpecName = 'public' | 'protected' | 'vaccinator';
type Json = Record<string, any>;

export const SPECS: Record<SpecName, Json> = {
  public: parse(readFileSync(new URL('../../docs/api-setu/cowin-public-v2.yaml', import.meta.url), 'utf8')),
  protected: parse(readFileSync(new URL('../../docs/api-setu/cowin-protected-v2.yaml', import.meta.url), 'utf8')),
  vaccinator: parse(readFileSync(new URL('../../docs/api-setu/cowin-vaccinator-v2.yaml', import.meta.url), 'utf8')),
};

// OpenAPI 3.0 schemas: `example` and other annotations are not JSON Schema keywords.
const ajv = new Ajv({ strict: false, allErrors: true });
addFormats.default(ajv);
ajv.addFormat('float', true);
ajv.addFormat('binary', true);
ajv.addFormat('partial-time', /^([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d+)?$/);
for (const [name, doc] of Object.entries(SPECS)) ajv.addSchema(doc, name);

const pointer = (segments: string[]) =>
  segments.map((s) => encodeURIComponent(s.replace(/~/g, '~0').replace(/\//g, '~1'))).join('/');

/** The validator of an operation's response body, or undefined when the YAML gives no JSON schema. */
export function responseValidator(
  spec: SpecName,
  method: string,
  path: string,
  status: string,
): ValidateFunction | undefined {
  const content = SPECS[spec].paths[path]?.[method]?.responses?.[status]?.content?.['application/json'];
  if (!content?.schema) return undefined;
  return ajv.getSchema(
    `${spec}#/${pointer(['paths', path, method, 'responses', status, 'content', 'application/json', 'schema'])}`,
  );
}

/** Every operation of a YAML as `METHOD path`. */
export function operations(spec: SpecName): string[] {
  return Object.entries<Json>(SPECS[spec].paths).flatMap(([path, item]) =>
    Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`),
  );
}
