// The command table of `careslot`. Each command lives in the file named for its subject.
import type { Command } from './context.js';
import { migrateCommand, seedCommand, serveCommand } from './database.js';
import { partnerCommands } from './partner.js';
import { signCommand } from './sign.js';

export const commands: Command[] = [serveCommand, migrateCommand, seedCommand];
commands.push(...partnerCommands, signCommand);
