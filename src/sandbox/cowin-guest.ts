// The sandbox's guest account for the Registration & Appointment API. Its user_name is
// derived from the instance secret, so each start can print it while the database keeps
// only its hash.
import { createGuest, findEnabledGuest } from '../core/cowin/guests.js';
import { sandboxValue, type SandboxPart } from './credentials.js';

export const sandboxGuestUserName = (config: { secret: string }) => sandboxValue(config, 'guest', 20);

export const cowinGuestPart: SandboxPart = {
  name: 'cowin-guest',
  async seed(trx, config) {
    await createGuest(trx, { name: 'Sandbox partner app', userName: sandboxGuestUserName(config) });
  },
  async credentials(store, config): Promise<Record<string, string>> {
    const userName = sandboxGuestUserName(config);
    if (!(await findEnabledGuest(store.db, userName))) return {};
    return { 'guest user_name': userName };
  },
};
