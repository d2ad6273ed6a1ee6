/** The discovery documents: ServiceProviderConfig, ResourceTypes, Schemas (RFC 7644 §4). */
import { scimRoute } from '../../shared/scim/http/scim-route.js';
import { discovery } from '../../shared/scim/operations/discovery-operations.js';

export const handler = scimRoute(
  ['scim.serviceProviderConfig', 'scim.resourceTypes', 'scim.schemas'],
  'SCIM discovery: ServiceProviderConfig, ResourceTypes, Schemas',
  (ctx, input, req) => discovery(ctx, input, req.route.name),
  'none',
);
