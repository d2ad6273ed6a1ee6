/**
 * `GET /api/svc/v1/x/session`: who the console is signed in as. The console
 * calls it after sign-in (and on reload) to check the credential and to decide
 * what to show; role and status are the ones authentication just read from the
 * table, never the token's claims.
 */
import * as z from '../validation/zod.js';
import { ProvisioningMode } from '../tenants/tenant.js';
import { toUserView, userViewSchema } from '../users/user-view.js';
import type { UserPrincipal } from '../caller/principal.js';

/** The admin API's user object, with the fields a console reads first lifted to the top. */
export const SessionUser = z.lazySchema(() =>
  z.extend(userViewSchema(), {
    displayName: z.optional(z.string()),
    role: z.enum(['tenant-admin', 'tenant-member']),
    source: z.enum(['scim', 'jit', 'invite', 'seed']),
  }),
);

export const SessionResponse = z.lazySchema(() =>
  z.object({
    tenant: z.object({ id: z.string(), displayName: z.string(), mode: ProvisioningMode }),
    user: SessionUser,
    /** How the request authenticated: a personal access token, or an ID token (the tenant pool's, or its direct sign-in client's). */
    credential: z.enum(['pat', 'jwt']),
  }),
);
export type SessionResponse = z.infer<typeof SessionResponse>;

export function sessionView(principal: UserPrincipal): SessionResponse {
  const { tenant, user } = principal;
  return {
    tenant: { id: tenant.id, displayName: tenant.displayName, mode: tenant.mode },
    user: {
      ...toUserView(user, tenant, user),
      ...(user.displayName ? { displayName: user.displayName } : {}),
      role: user.role,
      source: user.source,
    },
    credential: principal.via,
  };
}
