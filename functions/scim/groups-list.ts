/** GET /Groups and POST /Groups/.search: filter, sort, index or cursor pagination, projection. */
import { scimRoute } from '../../shared/scim/http/scim-route.js';
import { listGroups } from '../../shared/scim/operations/group-operations.js';

export const handler = scimRoute(
  ['scim.groups.list', 'scim.groups.search'],
  'List or search SCIM groups',
  (ctx, input, req) => listGroups(ctx, input, req.route.name === 'scim.groups.search'),
  'list',
);
