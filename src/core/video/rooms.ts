// Consultation rooms: the room name is an HMAC of the consultation's random room key under
// the instance secret (about 130 bits, unguessable); the database holds only the key. The
// join link is valid from a few minutes before the slot until the slot ends.
import { createHmac } from 'node:crypto';
import { iso } from '../../store/dialect.js';
import { randomHex } from '../shared/ids.js';
import { addMinutes } from '../shared/time.js';

export function newRoomKey(): string {
  return randomHex(16); // 128 bits, drawn from the pool: a CSPRNG call per booking cost several µs
}

const ALPHABET = 'abcdefghijkmnpqrstuvwxyz23456789';

export function roomName(secret: string, roomKey: string): string {
  const mac = createHmac('sha256', secret).update(`careslot-video-room:${roomKey}`).digest();
  let name = '';
  for (let i = 0; i < 26; i++) name += ALPHABET[mac[i] & 31];
  return `careslot-${name}`;
}

export interface JoinLink {
  join_url: string;
  valid_from: string;
  valid_until: string;
}

export function joinLink(
  opts: { secret: string; baseUrl: string; earlyMinutes: number },
  roomKey: string,
  slot: { start_at: string; end_at: string },
): JoinLink {
  return {
    join_url: `${opts.baseUrl.replace(/\/+$/, '')}/${roomName(opts.secret, roomKey)}`,
    valid_from: iso(addMinutes(new Date(slot.start_at), -opts.earlyMinutes)),
    valid_until: slot.end_at,
  };
}
