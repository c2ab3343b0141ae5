// `careslot <command>`: the CLI. Reads the same environment variables as the server.
// Each command's module is imported only when it runs (see ./cli/index.ts).
import { ConfigError } from './config.js';
import { commands } from './cli/index.js';
import { UsageError } from './cli/context.js';

function help(): string {
  return [
    'usage: careslot <command> [options]',
    '',
    'commands:',
    ...commands.map((c) => `  ${c.usage}\n      ${c.summary}`),
    '',
    'Environment variables (DATABASE_URL, CARESLOT_MODE, …) are listed in README.md.',
  ].join('\n');
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    process.stdout.write(`${help()}\n`);
    return name ? 0 : 2;
  }
  // Two-word commands ("guest create") are found by their first word plus the second.
  const command = commands.find((c) => c.name === `${name} ${rest[0]}`) ?? commands.find((c) => c.name === name);
  if (!command) {
    process.stderr.write(`careslot: unknown command "${name}"\n\n${help()}\n`);
    return 2;
  }
  const args = command.name.includes(' ') ? rest.slice(1) : rest;
  try {
    const run = await command.load();
    const code = await run(args, command.usage);
    return typeof code === 'number' ? code : 0;
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`careslot: configuration error: ${err.message}\n`);
      return 2;
    }
    if (err instanceof UsageError) {
      process.stderr.write(`careslot: ${err.message}\n`);
      return 2;
    }
    process.stderr.write(`careslot: ${(err as Error).message}\n`);
    return 1;
  }
}

const code = await main(process.argv.slice(2));
if (code !== 0 || !['serve'].includes(process.argv[2] ?? '')) process.exitCode = code;
