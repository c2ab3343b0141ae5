// The console's static files, all served by Careslot itself (no CDN): htmx from the htmx.org
// package, the stylesheet and the small script from ./assets/ (read from src/ when running
// the compiled dist/, which tsc does not copy them to).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';

const here = fileURLToPath(new URL('.', import.meta.url));

function ownAsset(name: string): string {
  for (const dir of [join(here, 'assets'), join(here, '../../../src/api/console/assets')]) {
    try {
      return readFileSync(join(dir, name), 'utf8');
    } catch {
      // try the next place
    }
  }
  throw new Error(`console asset ${name} not found beside ${here}`);
}

const FILES: Record<string, { type: string; body: () => string }> = {
  'htmx.min.js': {
    type: 'text/javascript; charset=utf-8',
    body: () => readFileSync(createRequire(import.meta.url).resolve('htmx.org/dist/htmx.min.js'), 'utf8'),
  },
  'console.js': { type: 'text/javascript; charset=utf-8', body: () => ownAsset('console.js') },
  'console.css': { type: 'text/css; charset=utf-8', body: () => ownAsset('console.css') },
};

export const assetRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const loaded = new Map(Object.entries(FILES).map(([name, f]) => [name, { type: f.type, body: f.body() }]));
  app.get(
    '/assets/:name',
    {
      schema: {
        hide: true,
        params: Type.Object({ name: Type.String({ maxLength: 40 }) }, { examples: [{ name: 'htmx.min.js' }] }),
      },
    },
    async (req, reply) => {
      const f = loaded.get(req.params.name);
      if (!f) return reply.code(404).type('text/plain').send(`no console asset ${req.params.name}`);
      return reply.type(f.type).header('cache-control', 'public, max-age=3600').send(f.body);
    },
  );
};
