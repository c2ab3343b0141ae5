// operator create: an operator account for the admin endpoints and the console.
import { isDomainError } from '../core/shared/errors.js';
import { createOperator } from '../core/cowin/operators.js';
import type { OperatorRole } from '../store/schema.js';
import { output, parse, UsageError, withStore, type Run } from './context.js';

export const operatorCreate: Run = async (argv, usage) => {
  const { values } = parse(
    argv,
    { email: { type: 'string' }, password: { type: 'string' }, role: { type: 'string' } },
    usage,
  );
  if (!values.email || !values.password)
    throw new UsageError(`--email and --password are required\nusage: careslot ${usage}`);
  const role = (values.role ?? 'facility') as OperatorRole;
  if (role !== 'admin' && role !== 'facility')
    throw new UsageError(`--role must be admin or facility, got "${values.role}"`);
  await withStore(async (store) => {
    try {
      const op = await createOperator(store.db, { email: values.email!, password: values.password!, role });
      output(
        values.json,
        { operator_id: op.id, email: op.email, role: op.role },
        `operator ${op.id} created: ${op.email} (${op.role}); log in with POST /api/v1/admin/login`,
      );
    } catch (err) {
      if (isDomainError(err)) throw new UsageError(err.message);
      throw err;
    }
  });
};
