/**
 * Discovery answers. RFC 7644 §4: these endpoints take no filter (403 when one
 * is sent), and a single ResourceType or Schema is addressed by its id.
 */
import { ForbiddenError, NotFoundError } from '../../errors/app-error.js';
import { allResourceTypes, allSchemas, resourceTypeDocument, schemaDocument, serviceProviderConfig } from '../discovery-documents.js';
import { ALL_SCHEMAS, RESOURCE_TYPES } from '../schemas/resource-types.js';
import type { ScimContext } from '../scim-context.js';
import type { ScimInput, ScimResult } from './scim-result.js';

export async function discovery(ctx: ScimContext, input: ScimInput, route: string): Promise<ScimResult> {
  if (Object.keys(input.query).some((k) => k.toLowerCase() === 'filter')) {
    throw new ForbiddenError('scim.filter_not_allowed', 'Discovery endpoints do not take a filter');
  }
  const tenantId = ctx.tenant.id;
  switch (route) {
    case 'scim.serviceProviderConfig':
      return { status: 200, body: serviceProviderConfig(tenantId) };
    case 'scim.resourceTypes':
      return { status: 200, body: allResourceTypes(tenantId) };
    case 'scim.schemas':
      return { status: 200, body: allSchemas(tenantId) };
    case 'scim.resourceType': {
      const rt = RESOURCE_TYPES.find((r) => r.name.toLowerCase() === input.id?.toLowerCase());
      if (!rt) throw new NotFoundError('scim.resource_type_not_found', `No resource type "${input.id}"; there are User and Group`);
      return { status: 200, body: resourceTypeDocument(tenantId, rt) };
    }
    default: {
      const schema = ALL_SCHEMAS.find((s) => s.id.toLowerCase() === input.id?.toLowerCase());
      if (!schema) throw new NotFoundError('scim.schema_not_found', `No schema "${input.id}"`);
      return { status: 200, body: schemaDocument(tenantId, schema) };
    }
  }
}
