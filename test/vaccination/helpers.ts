// Helpers for the vaccination tests: vaccinator keys of a given state, the CLI, and today's
// date in India as the API writes dates.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createApiKey } from '../../src/core/cowin/api-keys.js';
import { addDays, wallClock } from '../../src/core/shared/time.js';
import type { TestApp } from '../helpers/app.js';
import { TEST_SECRET } from '../helpers/db.js';

const bin = fileURLToPath(new URL('../../bin/careslot.js', import.meta.url));

export async function vaccinatorKey(t: TestApp, stateId: number, name = `Vaccinator ${stateId}`) {
  const { apiKey, key } = await createApiKey(t.store.db, { name, scope: 'vaccinator', stateId });
  return { id: apiKey.id, key, headers: { 'x-api-key': key } };
}

/** A day relative to today in India, as dd-mm-yyyy. */
export function indiaDay(offsetDays = 0, now = new Date()): string {
  const iso = addDays(wallClock(now, 'Asia/Kolkata').date, offsetDays);
  return `${iso.slice(8, 10)}-${iso.slice(5, 7)}-${iso.slice(0, 4)}`;
}

export function cli(t: TestApp, ...args: string[]) {
  return spawnSync(process.execPath, [bin, ...args], {
    env: { ...process.env, DATABASE_URL: t.url, CARESLOT_SECRET: TEST_SECRET, LOG_LEVEL: 'silent' },
    encoding: 'utf8',
  });
}
