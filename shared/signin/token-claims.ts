/**
 * The claims our pre-token-generation trigger adds. The API's JWT check
 * (`shared/auth/user-auth.ts`) reads `user_id` and `tenant_id` from ID tokens;
 * `tenant_role` lets a console render without a round trip, but the API never
 * trusts it (role is read from the user item on every request).
 */
import type { User } from '../users/user.js';

export function signInClaims(user: User): Record<string, string> {
  return { tenant_id: user.tenantId, user_id: user.id, tenant_role: user.role };
}

/**
 * Writes the claims into the response of either event version: V1 events
 * (`version` "1") read `claimsOverrideDetails`; V2/V3 events read
 * `claimsAndScopeOverrideDetails` and can also put claims in access tokens.
 */
export function addClaims(event: { version: string; response: Record<string, unknown> }, claims: Record<string, string>): void {
  if (Number(event.version) >= 2) {
    event.response.claimsAndScopeOverrideDetails = {
      idTokenGeneration: { claimsToAddOrOverride: claims },
      accessTokenGeneration: { claimsToAddOrOverride: claims },
    };
    return;
  }
  event.response.claimsOverrideDetails = { claimsToAddOrOverride: claims };
}
