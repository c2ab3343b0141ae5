// Command-line options of `npm run bench` and the dataset scales they choose.

export interface Scale {
  name: string;
  centres: number;
  days: number;
  slotsPerDay: number;
  beneficiaries: number;
}

export const SCALES: Record<string, Scale> = {
  /** For checking the harness itself in seconds; its figures mean little. */
  smoke: { name: 'smoke', centres: 500, days: 7, slotsPerDay: 4, beneficiaries: 3_000 },
  /**
   * What --quick uses: enough rows that indexes matter, small enough to build in seconds. Each
   * scheduleAppointment books a beneficiary never booked before: 80,000 leave about 59,000 for
   * it (the rest go to the rush and the contention check), enough for 9,000 bookings a second
   * through 1 s of warm-up and 5 s measured (40,000 ran out at 5,500 a second).
   */
  quick: { name: 'quick', centres: 5_000, days: 7, slotsPerDay: 4, beneficiaries: 80_000 },
  default: { name: 'default', centres: 20_000, days: 7, slotsPerDay: 4, beneficiaries: 200_000 },
  india: { name: 'india', centres: 100_000, days: 14, slotsPerDay: 4, beneficiaries: 10_000_000 },
};

export interface Options {
  scale: Scale;
  quick: boolean;
  /** Seconds each scenario is measured for, after `warmup` seconds that are not counted. */
  duration: number;
  warmup: number;
  connections: number;
  /** Careslot processes behind node:cluster (1 = a plain `careslot serve`). */
  workers: number;
  databaseUrl: string | null;
  /** Scenario names to run (all when empty). */
  only: string[];
  /** Start Careslot with --cpu-prof and write the profile(s) under bench/results/profiles/. */
  profile: boolean;
  /** Record Careslot with Linux perf over each measured run, into bench/results/perf/ (./perf.ts). */
  perf: boolean;
  /** Keep the generated database (SQLite file or PostgreSQL database) after the run. */
  keep: boolean;
  /** Run ANALYZE after generating, so the query planner has statistics (a fresh database has none). */
  analyze: boolean;
  /** Spent nonces of the bench partner to keep before the scenarios run (./spent-nonces.ts). */
  nonces: number;
  contention: { requests: number; seats: number };
  /**
   * Another checkout (built) to compare with (./paired.ts): its Careslot runs on a copy of the
   * dataset, and each Careslot scenario alternates between the two in `rounds` windows of
   * `duration` seconds. Null: a plain run.
   */
  against: string | null;
  rounds: number;
  /** Node and V8 flags for every Careslot process, after the bench's own (so they win). */
  nodeFlags: string[];
}

const HELP = `usage: npm run bench -- [options]

  --quick             ~1 minute: smaller dataset (${SCALES.quick.centres} centres), 1 s warm-up + 5 s per scenario
  --scale NAME        dataset scale: default (20,000 centres x 7 days x 4 slots, 200,000 beneficiaries)
                      or india (100,000 centres x 14 days x 4 slots, 10,000,000 beneficiaries)
  --duration S        measured seconds per scenario (default 15; 5 with --quick)
  --warmup S          warm-up seconds per scenario, not counted (default 3; 1 with --quick)
  --connections N     concurrent connections (default 100)
  --workers N         run N Careslot processes behind node:cluster (use with PostgreSQL)
  --only a,b          run only these scenarios (names as in the table)
  --profile           run Careslot under --cpu-prof; profiles land in bench/results/profiles/
  --perf              record Careslot with Linux perf over each measured run, JavaScript named
                      (needs perf); records and a summary land in bench/results/perf/
  --keep              keep the generated database after the run
  --analyze           run ANALYZE after generating the dataset (a fresh database has no planner
                      statistics; this shows what they change)
  --nonces N          keep N spent nonces of the bench partner before the scenarios run, as a
                      partner sending N / 360 signed requests a second keeps (default 0: a run
                      starts with none)
  --against DIR       compare with the Careslot of another checkout (built with npm run build,
                      e.g. a git worktree of the commit before): it runs on a copy of the dataset,
                      and each Careslot scenario alternates between the two servers, --rounds
                      windows of --duration seconds each (default 1) after one warm-up each; the
                      table then shows both, and a summary their CPU per request round by round
  --rounds N          windows per server and scenario with --against (default 6)
  --node-flags "F …"  Node or V8 flags for each Careslot process (both with --against), e.g.
                      "--trace-gc-nvp" (its lines land in bench/results/careslot.log) or
                      "--max-semi-space-size=128" (given after the bench's own, so it wins)

  DATABASE_URL=postgres://... selects PostgreSQL mode: the bench creates (and afterwards drops)
  a fresh database on that server. Otherwise a fresh SQLite file under .tmp/bench/ is used.`;

export class UsageError extends Error {}

const KNOWN = [
  'help',
  'quick',
  'profile',
  'perf',
  'keep',
  'analyze',
  'nonces',
  'scale',
  'duration',
  'warmup',
  'connections',
  'workers',
  'only',
  'against',
  'rounds',
  'node-flags',
];

export function parseOptions(argv: string[], env: Record<string, string | undefined>): Options | 'help' {
  const flags = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) throw new UsageError(`unexpected argument "${a}"\n\n${HELP}`);
    // --name=value: the value is everything after the first "=" (it may hold more).
    const eq = a.indexOf('=');
    const name = eq < 0 ? a.slice(2) : a.slice(2, eq);
    const inline = eq < 0 ? undefined : a.slice(eq + 1);
    if (!KNOWN.includes(name)) throw new UsageError(`unknown option --${name}\n\n${HELP}`);
    if (['quick', 'profile', 'perf', 'keep', 'analyze', 'help'].includes(name)) {
      flags.set(name, true);
      continue;
    }
    const value = inline ?? argv[++i];
    if (value === undefined) throw new UsageError(`--${name} needs a value\n\n${HELP}`);
    flags.set(name, value);
  }
  if (flags.has('help')) return 'help';

  const num = (name: string, fallback: number, min: number, max: number): number => {
    const raw = flags.get(name);
    if (raw === undefined) return fallback;
    const n = Number(raw);
    if (typeof raw !== 'string' || !Number.isFinite(n) || n < min || n > max)
      throw new UsageError(`--${name} must be a number from ${min} to ${max}, got "${raw}"`);
    return n;
  };
  const quick = flags.has('quick');
  const scaleName = (flags.get('scale') as string | undefined) ?? (quick ? 'quick' : 'default');
  const scale = SCALES[scaleName];
  if (!scale) throw new UsageError(`--scale must be one of ${Object.keys(SCALES).join(', ')}, got "${scaleName}"`);
  const databaseUrl = env.DATABASE_URL && /^postgres(ql)?:\/\//.test(env.DATABASE_URL) ? env.DATABASE_URL : null;
  if (env.DATABASE_URL && !databaseUrl)
    throw new UsageError('DATABASE_URL must be a postgres:// URL for PostgreSQL mode (leave it unset for SQLite)');
  const workers = num('workers', 1, 1, 64);
  const only =
    typeof flags.get('only') === 'string'
      ? (flags.get('only') as string)
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean)
      : [];
  const against = typeof flags.get('against') === 'string' ? (flags.get('against') as string) : null;
  if (against && (flags.has('profile') || flags.has('perf')))
    throw new UsageError('--against measures CPU per request: run --profile or --perf without it');
  if (against && workers > 1) throw new UsageError('--against compares one Careslot process with another');
  if (flags.has('rounds') && !against) throw new UsageError('--rounds goes with --against');
  const nodeFlags =
    typeof flags.get('node-flags') === 'string' ? (flags.get('node-flags') as string).split(/\s+/).filter(Boolean) : [];
  const notFlag = nodeFlags.find((f) => !f.startsWith('--'));
  if (notFlag !== undefined)
    throw new UsageError(`--node-flags takes Node or V8 flags, each starting with --, got "${notFlag}"`);
  return {
    scale,
    quick,
    duration: num('duration', against ? 1 : quick ? 5 : 15, 1, 3600),
    warmup: num('warmup', quick ? 1 : 3, 0, 600),
    connections: num('connections', 100, 1, 10_000),
    workers,
    databaseUrl,
    only,
    profile: flags.has('profile'),
    perf: flags.has('perf'),
    keep: flags.has('keep'),
    analyze: flags.has('analyze'),
    nonces: num('nonces', 0, 0, 100_000_000),
    contention: { requests: 1000, seats: 100 },
    against,
    rounds: num('rounds', 6, 2, 100),
    nodeFlags,
  };
}

export { HELP };
