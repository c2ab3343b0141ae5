// sign: compute the Cmt header of a partner request (the same code the server verifies with).
// Imports nothing beyond node:crypto and node:fs, so it answers at once.
import { readFileSync } from 'node:fs';
import { NONCE_PATTERN, signRequest } from '../core/partners/signing.js';
import { UsageError, output, parse, type Run } from './context.js';

export const sign: Run = async (argv, usage) => {
  const { values } = parse(
    argv,
    {
      method: { type: 'string' },
      path: { type: 'string' },
      body: { type: 'string' },
      'body-file': { type: 'string' },
      secret: { type: 'string' },
      t: { type: 'string' },
      n: { type: 'string' },
    },
    usage,
  );
  const fail = (m: string) => {
    throw new UsageError(`${m}\nusage: careslot ${usage}`);
  };
  if (!values.method || !/^[A-Za-z]+$/.test(values.method)) fail('--method is required (GET, POST, …)');
  if (!values.path?.startsWith('/')) fail('--path is required and starts with / (e.g. /kids-vaccination/v1/browse)');
  if (!values.secret) fail('--secret is required (the partner secret)');
  if (values.body !== undefined && values['body-file'] !== undefined) fail('give --body or --body-file, not both');
  if (values.t !== undefined && !/^\d{1,12}$/.test(values.t)) fail('--t must be a Unix time in seconds');
  if (values.n !== undefined && !NONCE_PATTERN.test(values.n))
    fail('--n must be 16 to 64 characters of A-Z a-z 0-9 _ -');
  const body = values['body-file'] !== undefined ? readFileSync(values['body-file']) : (values.body ?? '');
  const s = signRequest({
    secret: values.secret!,
    method: values.method!,
    url: values.path!,
    body,
    t: values.t === undefined ? undefined : Number(values.t),
    n: values.n,
  });
  output(values.json, { cmt: s.header, t: s.t, n: s.n, v1: s.v1, canonical: s.canonical }, s.header);
};
