// The local-time helpers keep their answers (per instant string, per UTC minute for a Date):
// a kept answer must be the one computed from scratch, in every zone, across DST changes and
// in zones whose offset is not whole hours. Fixed instants only: no wall clock.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { dayBounds, offsetMinutes, wallClock, zonedInstant } from '../../src/core/shared/time.js';

/** What Intl says the wall clock shows (the reference the kept answers must match). */
function intl(at: Date, timeZone: string): { date: string; time: string } {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  }).formatToParts(at);
  const get = (t: string) => parts.find((p) => p.type === t)!.value;
  return { date: `${get('year')}-${get('month')}-${get('day')}`, time: `${get('hour')}:${get('minute')}` };
}

describe('wallClock', () => {
  const zones = ['Asia/Kolkata', 'Asia/Kathmandu', 'America/New_York', 'Asia/Riyadh', 'UTC'];
  // Around New York's spring-forward (2026-03-08 07:00Z) and fall-back (2026-11-01 06:00Z),
  // and an Indian midnight (18:30Z).
  const instants = [
    '2026-03-08T06:59:00.000Z',
    '2026-03-08T07:00:00.000Z',
    '2026-03-08T07:14:59.999Z',
    '2026-11-01T05:59:30.000Z',
    '2026-11-01T06:00:00.000Z',
    '2026-11-28T18:29:59.000Z',
    '2026-11-28T18:30:00.000Z',
  ];

  it('gives what Intl gives, for Dates and instant strings, asked twice', () => {
    for (const zone of zones) {
      for (const s of instants) {
        const expected = intl(new Date(s), zone);
        for (let i = 0; i < 2; i++) {
          assert.deepEqual({ ...wallClock(s, zone) }, expected, `${s} in ${zone} (string, ${i})`);
          assert.deepEqual({ ...wallClock(new Date(s), zone) }, expected, `${s} in ${zone} (Date, ${i})`);
        }
      }
    }
  });

  it('keeps Date answers per zone and minute: the next minute, or another zone, is not the kept one', () => {
    const at = new Date('2026-11-28T18:29:10.000Z');
    assert.deepEqual({ ...wallClock(at, 'Asia/Kolkata') }, { date: '2026-11-28', time: '23:59' });
    assert.deepEqual(
      { ...wallClock(new Date(at.getTime() + 40_000), 'Asia/Kolkata') },
      { date: '2026-11-28', time: '23:59' },
    );
    assert.deepEqual(
      { ...wallClock(new Date(at.getTime() + 50_000), 'Asia/Kolkata') },
      { date: '2026-11-29', time: '00:00' },
    );
    assert.deepEqual({ ...wallClock(at, 'Asia/Kathmandu') }, { date: '2026-11-29', time: '00:14' });
    // Back in time is another minute too.
    assert.deepEqual(
      { ...wallClock(new Date(at.getTime() - 60_000), 'Asia/Kolkata') },
      { date: '2026-11-28', time: '23:58' },
    );
  });

  it('hands out frozen answers', () => {
    assert.ok(Object.isFrozen(wallClock('2026-03-08T07:00:00.000Z', 'America/New_York')));
    assert.ok(Object.isFrozen(wallClock(new Date('2026-03-08T07:00:00.000Z'), 'America/New_York')));
  });
});

describe('offsets, zoned instants and day bounds', () => {
  it('follow DST and non-hour offsets', () => {
    assert.equal(offsetMinutes('America/New_York', new Date('2026-03-08T06:59:00Z')), -300);
    assert.equal(offsetMinutes('America/New_York', new Date('2026-03-08T07:00:00Z')), -240);
    assert.equal(offsetMinutes('Asia/Kathmandu', new Date('2026-03-08T07:00:00Z')), 345);
    assert.equal(zonedInstant('2026-03-08', '03:30', 'America/New_York').toISOString(), '2026-03-08T07:30:00.000Z');
    assert.equal(zonedInstant('2026-11-29', '00:00', 'Asia/Kolkata').toISOString(), '2026-11-28T18:30:00.000Z');
    // The spring-forward day has 23 hours in New York; an Indian day always 24.
    const ny = dayBounds('2026-03-08', 'America/New_York');
    assert.deepEqual({ ...ny }, { from: '2026-03-08T05:00:00.000Z', to: '2026-03-09T04:00:00.000Z' });
    const ind = dayBounds('2026-11-29', 'Asia/Kolkata');
    assert.deepEqual({ ...ind }, { from: '2026-11-28T18:30:00.000Z', to: '2026-11-29T18:30:00.000Z' });
  });
});
