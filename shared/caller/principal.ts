/**
 * Who is calling. Every authenticated request resolves to one of these in its
 * API's auth module (`user-auth.ts` or `scim-client-auth.ts`); handlers never
 * read credentials themselves.
 * The tenant always comes from the credential (or, for SCIM, from the path
 * checked against the token), never from the request body or query.
 */
import type { Tenant } from '../tenants/tenant.js';
import type { User } from '../users/user.js';
import type { Actor } from '../audit/audit-event.js';

export interface AnonymousPrincipal {
  kind: 'anonymous';
}

export interface ScimClientPrincipal {
  kind: 'scim';
  tenant: Tenant;
  tokenId: string;
}

export interface UserPrincipal {
  kind: 'user';
  tenant: Tenant;
  /** The user as stored at the start of this request (status and role checked on every request). */
  user: User;
  /**
   * Set only by authentication, which read `user` strongly consistent in this very
   * request: a route acting on the caller's own id may answer from it
   * (./target-user.ts). A principal made anywhere else leaves it unset and the
   * target is read again.
   */
  userReadConsistently?: true;
  via: 'pat' | 'jwt';
  /** The PAT's id when `via` is `pat`. */
  tokenId?: string;
}

export type Principal = AnonymousPrincipal | ScimClientPrincipal | UserPrincipal;

export function actorOf(principal: Principal): Actor {
  switch (principal.kind) {
    case 'scim':
      return { type: 'scim', id: `scim-token:${principal.tokenId}`, slug: 'SCIM client' };
    case 'user':
      return { type: 'user', id: principal.user.id, slug: principal.user.email ?? principal.user.userName };
    default:
      return { type: 'system', id: 'anonymous' };
  }
}
