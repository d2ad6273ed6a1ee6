/** GET /Users and POST /Users/.search: filter, sort, index or cursor pagination, projection. */
import { scimRoute } from '../../shared/scim/http/scim-route.js';
import { listUsers } from '../../shared/scim/operations/user-operations.js';

export const handler = scimRoute(
  ['scim.users.list', 'scim.users.search'],
  'List or search SCIM users',
  (ctx, input, req) => listUsers(ctx, input, req.route.name === 'scim.users.search'),
  'list',
);
