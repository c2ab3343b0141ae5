#!/usr/bin/env node
// The `careslot` command. Runs the compiled JavaScript in dist/, which `npm install` builds
// (the package's `prepare` script; `npm run build` rebuilds it). No transpiler is loaded.
import { existsSync } from 'node:fs';

const main = new URL('../dist/main.js', import.meta.url);
if (!existsSync(main)) {
  process.stderr.write('careslot: dist/ is missing: build it with `npm run build` (npm install does it too)\n');
  process.exit(2);
}
await import(main.href);
