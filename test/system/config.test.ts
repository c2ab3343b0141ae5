// Configuration is validated at start-up with a message that names the bad variable.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ConfigError, loadConfig } from '../../src/config.js';

const SECRET = 'x'.repeat(40);

function fails(env: Record<string, string>, variable: string, message: RegExp) {
  assert.throws(
    () => loadConfig({ CARESLOT_SECRET: SECRET, DATABASE_URL: 'sqlite::memory:', ...env }),
    (err: unknown) => {
      assert.ok(err instanceof ConfigError, `expected ConfigError, got ${err}`);
      assert.equal(err.variable, variable);
      assert.match(err.message, message);
      assert.ok(err.message.startsWith(`${variable}:`), 'the message starts with the variable name');
      return true;
    },
  );
}

describe('configuration', () => {
  it('has working defaults', () => {
    const c = loadConfig({ CARESLOT_SECRET: SECRET });
    assert.equal(c.mode, 'sandbox');
    assert.equal(c.port, 3000);
    assert.equal(c.host, '127.0.0.1');
    assert.equal(c.databaseUrl, 'sqlite:data/careslot.sqlite');
    assert.equal(c.publicUrl, 'http://127.0.0.1:3000');
    assert.equal(c.holdMinutes, 15);
    assert.equal(c.kidsPrefix, '/kids-vaccination/v1');
    assert.equal(c.videoPrefix, '/video-consultation/v1');
    assert.equal(c.autoSeed, true);
    // A sixth of the memory the process may use (the machine's or its cgroup's), at least 128 MB.
    const limit = process.constrainedMemory();
    const memoryMb = (limit > 0 && limit < totalmem() ? limit : totalmem()) / 2 ** 20;
    assert.equal(c.answerCacheMb, Math.max(128, Math.floor(memoryMb / 6)));
    assert.equal(loadConfig({ CARESLOT_SECRET: SECRET, ANSWER_CACHE_MB: '64' }).answerCacheMb, 64);
    assert.equal(
      loadConfig({ CARESLOT_SECRET: SECRET, HOST: '0.0.0.0', PORT: '8080' }).publicUrl,
      'http://localhost:8080',
      'links never point at a wildcard address',
    );
  });

  it('names each bad variable', () => {
    fails({ PORT: 'abc' }, 'PORT', /whole number/);
    fails({ PORT: '70000' }, 'PORT', /between 0 and 65535/);
    fails({ CARESLOT_MODE: 'prod' }, 'CARESLOT_MODE', /"sandbox" or "production"/);
    fails({ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL', /sqlite: or postgres:\/\//);
    fails({ DATABASE_URL: 'sqlite:' }, 'DATABASE_URL', /needs a file path/);
    fails({ HOLD_MINUTES: '0' }, 'HOLD_MINUTES', /between 1/);
    fails({ CARESLOT_SECRET: 'short' }, 'CARESLOT_SECRET', /at least 32/);
    fails({ LOG_LEVEL: 'loud' }, 'LOG_LEVEL', /one of/);
    fails({ PUBLIC_URL: 'ftp://x' }, 'PUBLIC_URL', /http\(s\) URL/);
    fails({ KIDS_PREFIX: 'kids' }, 'KIDS_PREFIX', /URL path/);
    fails({ ANSWER_CACHE_MB: '1.5G' }, 'ANSWER_CACHE_MB', /whole number/);
    fails({ ANSWER_CACHE_MB: '0' }, 'ANSWER_CACHE_MB', /between 1/);
  });

  it('hides the password of a bad database URL', () => {
    fails({ DATABASE_URL: 'mysql://u:hunter2@h/db' }, 'DATABASE_URL', /^(?!.*hunter2)/s);
  });

  it('refuses to start in production without real secrets', () => {
    assert.throws(() => loadConfig({ CARESLOT_MODE: 'production', DATABASE_URL: 'sqlite::memory:' }), {
      variable: 'CARESLOT_SECRET',
    });
    assert.throws(
      () => loadConfig({ CARESLOT_MODE: 'production', CARESLOT_SECRET: SECRET, DATABASE_URL: 'sqlite::memory:' }),
      { variable: 'SMS_WEBHOOK_URL' },
    );
    const prod = {
      CARESLOT_MODE: 'production',
      CARESLOT_SECRET: SECRET,
      SMS_WEBHOOK_URL: 'https://sms.example/hook',
      DATABASE_URL: 'sqlite::memory:',
    };
    assert.throws(() => loadConfig(prod), { variable: 'METRICS_TOKEN' });
    assert.throws(() => loadConfig({ ...prod, METRICS_TOKEN: 'short' }), { variable: 'METRICS_TOKEN' });
    const c = loadConfig({ ...prod, METRICS_TOKEN: 'm'.repeat(32) });
    assert.equal(c.autoSeed, false, 'production never loads sandbox data');
    assert.equal(c.webhookAllowPrivate, false, 'production webhooks never reach private addresses');
  });

  it('generates the sandbox secret once and keeps it beside the SQLite file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'careslot-config-'));
    try {
      const url = `sqlite:${join(dir, 'db.sqlite')}`;
      const a = loadConfig({ DATABASE_URL: url });
      assert.ok(existsSync(join(dir, 'db.sqlite.secret')));
      assert.equal(readFileSync(join(dir, 'db.sqlite.secret'), 'utf8').trim(), a.secret);
      assert.ok(a.secret.length >= 64);
      assert.equal(loadConfig({ DATABASE_URL: url }).secret, a.secret, 'a restart keeps the same secret');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
