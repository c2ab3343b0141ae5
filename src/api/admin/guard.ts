// The operator guard of the admin API: `Authorization: Bearer <operator token>` (issued by
// the operator login, claims {kind:'operator', sub, role}), checked by the core's one operator
// verification. Its refusals are DomainErrors that the partner envelope answers as 1002
// (HTTP 401): no valid operator token, or an operator whose role is not allowed.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { verifyOperator, type OperatorPrincipal } from '../../core/cowin/operators.js';
import { isDomainError } from '../../core/shared/errors.js';
import { bearerToken } from '../bearer.js';
import { PartnerError } from '../partner/envelope.js';

export type OperatorRole = OperatorPrincipal['role'];

declare module 'fastify' {
  interface FastifyRequest {
    /** The operator of an admin API request (set by operatorGuard). */
    operator?: OperatorPrincipal;
  }
}

export function operatorGuard(roles: OperatorRole[] = ['admin']) {
  return async function requireOperator(req: FastifyRequest, _reply: FastifyReply): Promise<void> {
    try {
      req.operator = await verifyOperator(req.server.store.db, req.server.config.secret, bearerToken(req), { roles });
    } catch (err) {
      if (isDomainError(err) && err.rule === 'token_expired')
        throw new PartnerError(1002, 'the operator token has expired; log in again with POST /api/v1/admin/login');
      throw err;
    }
  };
}

export const OPERATOR_SECURITY = [{ operatorToken: [] }];
