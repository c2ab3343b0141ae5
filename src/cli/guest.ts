// guest create / disable / enable: guest accounts (partner applications) of the
// Registration & Appointment API.
import { createGuest, setGuestDisabled } from '../core/cowin/guests.js';
import { output, parse, UsageError, withStore, type Command } from './context.js';

export const guestCreateCommand: Command = {
  name: 'guest create', usage: 'guest create --name N [--json]', summary: 'Create a guest account (partner application); prints its user_name once',
  async run(argv) {
    const { values } = parse(argv, { name: { type: 'string' } }, this.usage);
    if (!values.name?.trim()) throw new UsageError(`--name is required\nusage: careslot ${this.usage}`);
    await withStore(async (store) => {
      const { guest, userName } = await createGuest(store.db, { name: values.name! });
      output(values.json, { user_name: userName, guest_id: guest.id, name: guest.name },
        `guest account "${guest.name}" created (id ${guest.id})\nuser_name  ${userName}\n` +
        'Keep it safe: it is the account\'s login and is not shown again (only its hash is stored).');
    });
  },
};

function toggle(name: 'guest disable' | 'guest enable', disabled: boolean): Command {
  return {
    name, usage: `${name} USER_NAME [--json]`,
    summary: disabled ? 'Disable a guest account: its logins and tokens stop working at once' : 'Enable a disabled guest account again',
    async run(argv) {
      const { values, positionals } = parse(argv, {}, this.usage);
      if (positionals.length !== 1) throw new UsageError(`expected one USER_NAME\nusage: careslot ${this.usage}`);
      return withStore(async (store) => {
        const found = await setGuestDisabled(store.db, positionals[0], disabled);
        if (!found) {
          process.stderr.write('careslot: no guest account has that user_name\n');
          return 1;
        }
        output(values.json, { user_name_hint: positionals[0].slice(-4), disabled }, `guest account ${disabled ? 'disabled' : 'enabled'}`);
        return 0;
      });
    },
  };
}

export const guestDisableCommand = toggle('guest disable', true);
export const guestEnableCommand = toggle('guest enable', false);
