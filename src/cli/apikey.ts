// apikey create / disable / enable: the `x-api-key` keys of the CoWIN API Setu v2 dialect.
import { createApiKey, setApiKeyDisabled } from '../core/cowin/api-keys.js';
import { findEnabledGuest } from '../core/cowin/guests.js';
import type { ApiKeyScope } from '../store/schema.js';
import { output, parse, UsageError, withStore, type Run } from './context.js';

export const apiKeyCreate: Run = async (argv, usage) => {
  const { values } = parse(
    argv,
    { name: { type: 'string' }, scope: { type: 'string' }, guest: { type: 'string' }, state: { type: 'string' } },
    usage,
  );
  if (!values.name?.trim()) throw new UsageError(`--name is required\nusage: careslot ${usage}`);
  return withStore(async (store) => {
    let guestId: number | undefined;
    if (values.guest !== undefined) {
      const guest = await findEnabledGuest(store.db, values.guest);
      if (!guest) {
        process.stderr.write('careslot: no enabled guest account has that user_name\n');
        return 1;
      }
      guestId = guest.id;
    }
    const { apiKey, key } = await createApiKey(store.db, {
      name: values.name!,
      scope: values.scope as ApiKeyScope | undefined,
      stateId: values.state === undefined ? undefined : Number(values.state),
      guestId,
    });
    output(
      values.json,
      {
        api_key: key,
        id: apiKey.id,
        name: apiKey.name,
        scope: apiKey.scope,
        state_id: apiKey.state_id,
        guest_id: apiKey.guest_id,
      },
      `API key "${apiKey.name}" created (id ${apiKey.id}, scope ${apiKey.scope}${apiKey.state_id === null ? '' : `, state ${apiKey.state_id}`}, guest account ${apiKey.guest_id})\n` +
        `x-api-key  ${key}\nKeep it safe: it is not shown again (only its hash is stored).`,
    );
    return 0;
  });
};

function toggle(disabled: boolean): Run {
  return async (argv, usage) => {
    const { values, positionals } = parse(argv, {}, usage);
    if (positionals.length !== 1) throw new UsageError(`expected one KEY\nusage: careslot ${usage}`);
    return withStore(async (store) => {
      if (!(await setApiKeyDisabled(store.db, positionals[0], disabled))) {
        process.stderr.write('careslot: no API key has that value\n');
        return 1;
      }
      output(
        values.json,
        { key_hint: positionals[0].slice(-4), disabled },
        `API key ${disabled ? 'disabled' : 'enabled'}`,
      );
      return 0;
    });
  };
}

export const apiKeyDisable = toggle(true);
export const apiKeyEnable = toggle(false);
