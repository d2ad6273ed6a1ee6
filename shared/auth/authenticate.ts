/**
 * Resolves the credential of a request into a principal, for any auth kind of
 * the route table. Route bundles do not import this: the admin API's kit takes
 * `authenticateApiCaller` (./user-auth.ts) and the SCIM kit takes
 * `authenticateScimClient` (./scim-client-auth.ts), so a SCIM function carries
 * no JWT or PAT code and an admin function no SCIM token code. This is the one
 * door for code that serves every kind (tests, tools).
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { AuthKind } from '../http/route-table.js';
import type { Table } from '../storage/table.js';
import type { Principal } from './principal.js';
import { authenticateScimClient } from './scim-client-auth.js';
import { authenticateApiCaller } from './user-auth.js';

export function authenticate(
  table: Table,
  auth: AuthKind,
  event: Pick<APIGatewayProxyEventV2, 'headers' | 'pathParameters'>,
): Promise<Principal> {
  return auth === 'scim' ? authenticateScimClient(table, event) : authenticateApiCaller(table, auth, event);
}
