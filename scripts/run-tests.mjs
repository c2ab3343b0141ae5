#!/usr/bin/env node
// `npm test`: build dist/ (tests that spawn `careslot` or the server run the compiled
// JavaScript, so they must never meet a stale build), prepare one seeded template database,
// then run every test file under test/ with Node's test runner (test files themselves run as
// TypeScript through tsx). Node 20's `node --test` finds no .ts files by glob, so the files
// are listed here explicitly, and the run fails if no test ran at all.
//
//   npm test                       all tests on SQLite (or on PostgreSQL if DATABASE_URL=postgres://…)
//   npm test -- test/scheduling/x.test.ts   only the named files
import { spawn, spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;

function find(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...find(p));
    else if (name.endsWith('.test.ts')) out.push(relative(root, p));
  }
  return out.sort();
}

const args = process.argv.slice(2);
const files = args.length ? args : find(join(root, 'test'));
if (files.length === 0) {
  console.error('no test files found under test/');
  process.exit(1);
}

// The same build as `npm run build` (incremental: quick when little changed).
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const build = spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], {
  stdio: 'inherit',
  cwd: root,
});
if (build.status !== 0) {
  console.error('the build (tsc -p tsconfig.build.json) failed: not running the tests');
  process.exit(1);
}

// One seeded template per run; each test file clones it (see test/helpers/db.ts).
const prep = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'test/helpers/prepare-template.ts')], {
  stdio: ['ignore', 'pipe', 'inherit'],
  env: process.env,
  cwd: root,
});
if (prep.status !== 0) {
  console.error('could not prepare the test template database');
  process.exit(1);
}
const template = prep.stdout.toString().trim().split('\n').pop();

const concurrency = process.env.TEST_CONCURRENCY ?? '2';
const child = spawn(
  process.execPath,
  ['--import', 'tsx', '--test', `--test-concurrency=${concurrency}`, '--test-reporter=spec', ...files],
  {
    cwd: root,
    env: { ...process.env, CARESLOT_TEST_TEMPLATE: template },
    stdio: ['ignore', 'pipe', 'inherit'],
  },
);
// The reporter's summary lines (`ℹ pass 544`…), read as they stream: with many failures, their
// details follow the summary and run to many kilobytes.
const summary = { pass: 0, fail: 0, cancelled: 0 };
let partial = '';
child.stdout.setEncoding('utf8'); // a character split across two chunks is decoded whole
child.stdout.on('data', (chunk) => {
  process.stdout.write(chunk);
  const lines = (partial + chunk).split('\n');
  partial = lines.pop();
  for (const line of lines) {
    const m = /^ℹ (pass|fail|cancelled) (\d+)$/.exec(line);
    if (m) summary[m[1]] = Number(m[2]);
  }
});
child.on('close', (code) => {
  const passed = summary.pass;
  // Tests cancelled by a failing hook count as failed: they did not pass.
  const failed = summary.fail + summary.cancelled;
  if (passed + failed === 0) {
    console.error('no tests ran: failing the run');
    process.exit(1);
  }
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(code === 0 && failed === 0 ? 0 : 1);
});
