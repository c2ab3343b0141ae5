// The operator guard of the admin API: `Authorization: Bearer <operator token>` (issued by
// the operator login, claims {kind:'operator', sub, role}), verified with the instance secret.
// 1002 without a valid operator token, or when the operator's role is not allowed.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { operatorTokenValid } from '../../core/cowin/operators.js';
import { verifyToken, type TokenClaims } from '../../core/shared/tokens.js';
import { bearerToken } from '../bearer.js';
import { PartnerError } from '../partner/envelope.js';

export type OperatorRole = 'admin' | 'facility';

declare module 'fastify' {
  interface FastifyRequest {
    operator?: TokenClaims & { role: OperatorRole };
  }
}

export function operatorGuard(roles: OperatorRole[] = ['admin']) {
  return async function requireOperator(req: FastifyRequest, _reply: FastifyReply): Promise<void> {
    const result = await verifyToken(req.server.config.secret, bearerToken(req), ['operator']);
    if (!result.ok) {
      throw new PartnerError(1002, result.reason === 'missing'
        ? 'the Authorization header is missing: send Authorization: Bearer <operator token>'
        : `the operator token is ${result.reason === 'expired' ? 'expired; log in again' : 'not valid'}`);
    }
    const role = result.claims.role;
    if (role !== 'admin' && role !== 'facility') throw new PartnerError(1002, 'the operator token carries no role');
    if (!(await operatorTokenValid(req.server.store.db, result.claims))) throw new PartnerError(1002, 'the operator account is disabled or no longer exists');
    if (!roles.includes(role)) throw new PartnerError(1002, `this endpoint needs an operator with role ${roles.join(' or ')}; yours is ${role}`);
    req.operator = { ...result.claims, role };
  };
}

export const OPERATOR_SECURITY = [{ operatorToken: [] }];
