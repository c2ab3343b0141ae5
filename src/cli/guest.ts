// guest create / disable / enable: guest accounts (partner applications) of the
// Registration & Appointment API.
import { createGuest, setGuestDisabled } from '../core/cowin/guests.js';
import { output, parse, UsageError, withStore, type Run } from './context.js';

export const guestCreate: Run = async (argv, usage) => {
  const { values } = parse(argv, { name: { type: 'string' } }, usage);
  if (!values.name?.trim()) throw new UsageError(`--name is required\nusage: careslot ${usage}`);
  await withStore(async (store) => {
    const { guest, userName } = await createGuest(store.db, { name: values.name! });
    output(
      values.json,
      { user_name: userName, guest_id: guest.id, name: guest.name },
      `guest account "${guest.name}" created (id ${guest.id})\nuser_name  ${userName}\n` +
        "Keep it safe: it is the account's login and is not shown again (only its hash is stored).",
    );
  });
};

function toggle(disabled: boolean): Run {
  return async (argv, usage) => {
    const { values, positionals } = parse(argv, {}, usage);
    if (positionals.length !== 1) throw new UsageError(`expected one USER_NAME\nusage: careslot ${usage}`);
    return withStore(async (store) => {
      const found = await setGuestDisabled(store.db, positionals[0], disabled);
      if (!found) {
        process.stderr.write('careslot: no guest account has that user_name\n');
        return 1;
      }
      output(
        values.json,
        { user_name_hint: positionals[0].slice(-4), disabled },
        `guest account ${disabled ? 'disabled' : 'enabled'}`,
      );
      return 0;
    });
  };
}

export const guestDisable = toggle(true);
export const guestEnable = toggle(false);
