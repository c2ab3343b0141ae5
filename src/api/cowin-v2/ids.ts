// The UUIDs of the API Setu v2 dialect. A v2 session is one centre's sessions of one vaccine
// on one day; an appointment is a booking with a 14-digit confirmation number. Their ids are
// those facts in one 16-byte block encrypted with AES-128 (a key derived from CARESLOT_SECRET)
// and written as a UUID: opaque to callers, stable across restarts and processes, and read
// back without a lookup table. A forged or mistyped id fails the block's fixed check bytes.
import { createHash } from 'node:crypto';
import { AesBlock } from '../../core/shared/aes-block.js';

const SESSION = 1;
const APPOINTMENT = 2;
const DAY_MS = 86_400_000;

export interface SessionRef {
  centreId: number;
  /** The vaccine (offering) id, 0 for sessions without one. */
  offeringId: number;
  /** Local date, YYYY-MM-DD. */
  date: string;
}

export class V2Ids {
  /** Each 16-byte block is encrypted on its own, by one cipher and decipher made once. */
  private readonly aes: AesBlock;
  /** Session ids by centre, vaccine and day: every listing names the same sessions again. */
  private readonly sessionIds = new Map<number, Map<number, Map<string, string>>>();
  private sessionIdsKept = 0;

  constructor(secret: string) {
    this.aes = new AesBlock(createHash('sha256').update(`careslot-cowin-v2-ids:${secret}`).digest().subarray(0, 16));
  }

  private seal(type: number, a: number, b: number, c: number): string {
    const block = Buffer.alloc(16);
    block.writeUInt8(type, 0);
    block.writeUInt32BE(a, 4);
    block.writeUInt32BE(b, 8);
    block.writeUInt32BE(c, 12);
    const hex = this.aes.encrypt(block).toString('hex');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }

  private open(type: number, id: unknown): [number, number, number] | undefined {
    if (typeof id !== 'string' || !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id.trim()))
      return undefined;
    const block = this.aes.decrypt(Buffer.from(id.trim().replace(/-/g, ''), 'hex'));
    if (block.readUInt8(0) !== type || block.readUInt8(1) | block.readUInt8(2) | block.readUInt8(3)) return undefined;
    return [block.readUInt32BE(4), block.readUInt32BE(8), block.readUInt32BE(12)];
  }

  sessionId(s: SessionRef): string {
    // Nested maps on the numbers and the date string as given: no key is built per call.
    let byOffering = this.sessionIds.get(s.centreId);
    if (byOffering === undefined) {
      byOffering = new Map();
      this.sessionIds.set(s.centreId, byOffering);
    }
    let byDate = byOffering.get(s.offeringId);
    if (byDate === undefined) {
      byDate = new Map();
      byOffering.set(s.offeringId, byDate);
    }
    let id = byDate.get(s.date);
    if (id === undefined) {
      id = this.seal(SESSION, s.centreId, s.offeringId, Date.parse(`${s.date}T00:00:00Z`) / DAY_MS);
      if (this.sessionIdsKept >= 200_000) {
        this.sessionIds.clear();
        this.sessionIdsKept = 0;
      }
      byDate.set(s.date, id);
      this.sessionIdsKept++;
    }
    return id;
  }

  session(id: unknown): SessionRef | undefined {
    const v = this.open(SESSION, id);
    if (!v) return undefined;
    return { centreId: v[0], offeringId: v[1], date: new Date(v[2] * DAY_MS).toISOString().slice(0, 10) };
  }

  /** The appointment id of a booking's confirmation number (14 digits, below 2^64). */
  appointmentId(confirmationNo: string | number): string {
    const n = BigInt(confirmationNo);
    return this.seal(APPOINTMENT, Number(n >> 32n), Number(n & 0xffffffffn), 0);
  }

  appointment(id: unknown): number | undefined {
    const v = this.open(APPOINTMENT, id);
    if (v?.[2] !== 0) return undefined;
    const n = (BigInt(v[0]) << 32n) | BigInt(v[1]);
    return n <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(n) : undefined;
  }
}
