#!/usr/bin/env node
// The `careslot` command. Loads the TypeScript sources through tsx so that the
// CLI, `npm start` and the tests run the same code without a build step.
import { register } from 'tsx/esm/api';
register();
await import('../src/main.ts');
