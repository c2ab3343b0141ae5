// The layers of docs/architecture.md, checked on the real import graph of src/:
// - a core context imports only its own files, `scheduling/` and `shared/` (and the partner
//   products `kids/` and `video/` also `partners/`);
// - `src/api/` imports `src/store/` for types only, and a dialect never imports another's folder;
// - core never imports the API, the store never imports core or the API.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, it } from 'node:test';

const root = resolve(import.meta.dirname, '../..');

/** Contexts every core context may use, besides its own files. */
const OPEN_CONTEXTS = ['scheduling', 'shared'];
const EXTRA_CONTEXTS: Record<string, string[]> = { kids: ['partners'], video: ['partners'], webhooks: ['partners'] };
/** Folders of src/api/ that are one dialect each (the others hold what dialects share). */
const DIALECTS = [
  'cowin',
  'cowin-v2',
  'kids-vaccination',
  'video-consultation',
  'admin',
  'payments',
  'console',
  'smart-scheduling',
  'webhooks',
];

interface Edge {
  from: string;
  to: string;
  typeOnly: boolean;
}

const IMPORT =
  /(?:^|\n)\s*(import|export)\s+(type\s+)?(?:[^'"]*?\s+from\s+)?['"](\.{1,2}\/[^'"]+)['"]|import\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)/g;

/** Every relative import in a source text, with the file it names (paths relative to the repo). */
export function edgesOf(file: string, source: string): Edge[] {
  const edges: Edge[] = [];
  for (const m of source.matchAll(IMPORT)) {
    const spec = m[3] ?? m[4];
    const to = relative(root, resolve(root, dirname(file), spec)).replace(/\.js$/, '.ts');
    edges.push({ from: file, to, typeOnly: Boolean(m[2]) });
  }
  return edges;
}

function where(path: string): { layer: 'api' | 'core' | 'store' | 'other'; part: string } {
  const [src, layer, part = ''] = path.split('/');
  if (src !== 'src' || !['api', 'core', 'store'].includes(layer)) return { layer: 'other', part: '' };
  return { layer: layer as 'api' | 'core' | 'store', part: part.endsWith('.ts') ? '' : part };
}

/** What breaks the layering rules, one sentence per import. */
export function violations(edges: Edge[]): string[] {
  const out: string[] = [];
  for (const e of edges) {
    const a = where(e.from);
    const b = where(e.to);
    const say = (why: string) => out.push(`${e.from} imports ${e.to}: ${why}`);
    if (a.layer === 'core') {
      if (b.layer === 'api') say('core never imports the API');
      if (
        b.layer === 'core' &&
        b.part !== a.part &&
        !OPEN_CONTEXTS.includes(b.part) &&
        !EXTRA_CONTEXTS[a.part]?.includes(b.part)
      ) {
        say(`the ${a.part || 'core root'} context may not use the ${b.part || 'core root'} context's internals`);
      }
    }
    if (a.layer === 'store' && (b.layer === 'core' || b.layer === 'api'))
      say('the store never imports core or the API');
    if (a.layer === 'api') {
      if (b.layer === 'store' && !e.typeOnly) say('the API imports the store for types only (use `import type`)');
      if (b.layer === 'api' && b.part !== a.part && DIALECTS.includes(a.part) && DIALECTS.includes(b.part))
        say(`the ${a.part} dialect may not use the ${b.part} dialect's folder`);
    }
  }
  return out;
}

function sources(dir: string): string[] {
  return readdirSync(join(root, dir)).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(join(root, p)).isDirectory()) return sources(p);
    return p.endsWith('.ts') ? [p] : [];
  });
}

describe('import graph', () => {
  it('follows the layers: contexts use only scheduling/ and shared/, the API uses the store for types only', () => {
    const files = sources('src');
    assert.ok(files.length > 100, `found only ${files.length} source files`);
    const edges = files.flatMap((f) => edgesOf(f, readFileSync(join(root, f), 'utf8')));
    assert.ok(edges.length > 300, `found only ${edges.length} imports: is the parser broken?`);
    assert.deepEqual(violations(edges), []);
  });

  it('catches each kind of violation', () => {
    const edges = [
      ...edgesOf('src/core/video/doctors.ts', "import { ageOf } from '../cowin/beneficiaries/read.js';"),
      ...edgesOf(
        'src/core/kids/booking.ts',
        "import { money } from '../partners/money.js';\nimport type { X } from '../scheduling/seats.js';",
      ),
      ...edgesOf('src/core/shared/time.ts', "export { x } from '../../api/errors.js';"),
      ...edgesOf('src/api/cowin/centres.ts', "import {\n  iso,\n} from '../../store/dialect.js';"),
      ...edgesOf('src/api/cowin/ok.ts', "import type { Slot } from '../../store/schema.js';"),
      ...edgesOf(
        'src/api/kids-vaccination/a.ts',
        "const m = await import('../video-consultation/present.js');\nimport { ok } from '../partner/envelope.js';",
      ),
      ...edgesOf('src/store/index.ts', "import { iso } from '../core/shared/time.js';"),
    ];
    assert.deepEqual(violations(edges), [
      "src/core/video/doctors.ts imports src/core/cowin/beneficiaries/read.ts: the video context may not use the cowin context's internals",
      'src/core/shared/time.ts imports src/api/errors.ts: core never imports the API',
      'src/api/cowin/centres.ts imports src/store/dialect.ts: the API imports the store for types only (use `import type`)',
      "src/api/kids-vaccination/a.ts imports src/api/video-consultation/present.ts: the kids-vaccination dialect may not use the video-consultation dialect's folder",
      'src/store/index.ts imports src/core/shared/time.ts: the store never imports core or the API',
    ]);
  });
});
