// The command table of `careslot`. Each command lives in the file named for its subject.
import type { Command } from './context.js';
import { migrateCommand, seedCommand, serveCommand } from './database.js';
import { guestCreateCommand, guestDisableCommand, guestEnableCommand } from './guest.js';
import { importFacilitiesCommand } from './import.js';
import { operatorCreateCommand } from './operator.js';
import { partnerCommands } from './partner.js';
import { signCommand } from './sign.js';
import { videoGenerateCommand } from './video.js';

export const commands: Command[] = [serveCommand, migrateCommand, seedCommand];
commands.push(guestCreateCommand, guestDisableCommand, guestEnableCommand);
commands.push(operatorCreateCommand, importFacilitiesCommand);
commands.push(...partnerCommands, signCommand);
commands.push(videoGenerateCommand);
