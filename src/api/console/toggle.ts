// The enable/disable action of an admin list page (guest accounts, API keys): one route,
// POST {path}/:id/(enable|disable) with the CSRF field, answering the page again with a notice.
import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { DomainError } from '../../core/shared/errors.js';
import type { Html } from './html.js';
import { notice } from './layout.js';
import { CSRF_FIELD, requireConsoleOperator } from './session.js';

export interface Toggle {
  /** The list page's path under /console, e.g. '/guests'. */
  path: string;
  /** What one item is called in messages, e.g. 'guest account'. */
  noun: string;
  /** Said after "disabled: ", e.g. 'its tokens stop working at once'. */
  disabledMeans: string;
  /** Disable or enable item `id`; false when there is no such item. */
  set(app: FastifyInstance, id: number, disabled: boolean): Promise<boolean>;
  /** The list page, with a notice above it. */
  page(req: FastifyRequest, message: Html): Promise<string>;
}

export function toggleRoute(app: FastifyInstance, t: Toggle): void {
  app.post<{ Params: { id: number; what: 'disable' | 'enable' } }>(
    `${t.path}/:id/:what`,
    {
      preValidation: requireConsoleOperator(['admin']),
      schema: {
        hide: true,
        params: Type.Object(
          { id: Type.Integer({ minimum: 1 }), what: Type.Union([Type.Literal('disable'), Type.Literal('enable')]) },
          { examples: [{ id: 3, what: 'disable' }] },
        ),
        body: Type.Object({ [CSRF_FIELD]: Type.String() }, { examples: [{ _csrf: '…' }] }),
      },
    },
    async (req, reply) => {
      const off = req.params.what === 'disable';
      if (!(await t.set(app, req.params.id, off)))
        throw new DomainError('not_found', `there is no ${t.noun} ${req.params.id}`);
      const what = `${t.noun[0].toUpperCase()}${t.noun.slice(1)} ${req.params.id}`;
      const msg = notice('ok', `${what} ${off ? `disabled: ${t.disabledMeans}` : 'enabled'}.`);
      return reply.type('text/html; charset=utf-8').send(await t.page(req, msg));
    },
  );
}
