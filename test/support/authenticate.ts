/**
 * Resolves the credential of a request into a principal, for any auth kind of
 * the route table: one door for tests that check every kind. Route bundles use
 * the kits' own doors (`authenticateApiCaller` in shared/auth/user-auth.ts,
 * `authenticateScimClient` in shared/auth/scim-client-auth.ts), so a SCIM
 * function carries no JWT or PAT code and an admin function no SCIM token code.
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { AuthKind } from '../../shared/auth/auth-kind.js';
import type { Table } from '../../shared/storage/table.js';
import type { Principal } from '../../shared/caller/principal.js';
import { authenticateScimClient } from '../../shared/auth/scim-client-auth.js';
import { authenticateApiCaller } from '../../shared/auth/user-auth.js';

export function authenticate(table: Table, auth: AuthKind, event: Pick<APIGatewayProxyEventV2, 'headers' | 'pathParameters'>): Promise<Principal> {
  return auth === 'scim' ? authenticateScimClient(table, event) : authenticateApiCaller(table, auth, event);
}
