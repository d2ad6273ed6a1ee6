/** One ResourceType or Schema by its id (RFC 7644 §4). */
import { scimRoute } from '../../shared/scim/http/scim-route.js';
import { discovery } from '../../shared/scim/operations/discovery-operations.js';

export const handler = scimRoute(
  ['scim.resourceType', 'scim.schema'],
  'A SCIM resource type or schema',
  (ctx, input, req) => discovery(ctx, input, req.route.name),
  'none',
);
