// operator create: an operator account for the admin endpoints and the console.
import { isDomainError } from '../core/shared/errors.js';
import { createOperator } from '../core/cowin/operators.js';
import type { OperatorRole } from '../store/schema.js';
import { output, parse, UsageError, withStore, type Command } from './context.js';

export const operatorCreateCommand: Command = {
  name: 'operator create', usage: 'operator create --email E --password P [--role admin|facility] [--json]',
  summary: 'Create an operator account (role facility by default: manages only its own centres)',
  async run(argv) {
    const { values } = parse(argv, { email: { type: 'string' }, password: { type: 'string' }, role: { type: 'string' } }, this.usage);
    if (!values.email || !values.password) throw new UsageError(`--email and --password are required\nusage: careslot ${this.usage}`);
    const role = (values.role ?? 'facility') as OperatorRole;
    if (role !== 'admin' && role !== 'facility') throw new UsageError(`--role must be admin or facility, got "${values.role}"`);
    await withStore(async (store) => {
      try {
        const op = await createOperator(store.db, { email: values.email!, password: values.password!, role });
        output(values.json, { operator_id: op.id, email: op.email, role: op.role },
          `operator ${op.id} created: ${op.email} (${op.role}); log in with POST /api/v1/admin/login`);
      } catch (err) {
        if (isDomainError(err)) throw new UsageError(err.message);
        throw err;
      }
    });
  },
};
