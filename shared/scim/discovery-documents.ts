/**
 * The discovery documents (RFC 7644 §4, RFC 7643 §5-7, RFC 9865 §3), built from
 * the same schema definitions and limits the server enforces, so every feature
 * and number they state is true.
 *
 * ServiceProviderConfig holds exactly the members RFC 7643 §5 defines plus RFC
 * 9865's `pagination`: strict client libraries refuse the whole document over one
 * unknown member. Limits the RFC has no member for are under
 * {@link SPC_LIMITS_EXTENSION}, listed in `schemas` as extensions are.
 */
import type { AttributeDef, SchemaDef } from './schemas/attribute.js';
import { ALL_SCHEMAS, RESOURCE_TYPES, type ResourceTypeDef } from './schemas/resource-types.js';
import { LIST_RESPONSE_SCHEMA } from './schemas/core-schemas.js';
import { MAX_BODY_BYTES } from '../http/body.js';
import { MAX_PATCH_OPERATIONS } from './patch/patch-request.js';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from './query/list-request.js';
import { CURSOR_TIMEOUT_SECONDS } from './query/cursor.js';
import { BULK_TIME_BUDGET_MS, MAX_BULK_OPERATIONS } from './bulk/bulk-limits.js';
import { MAX_MEMBERS_RETURNED } from './groups/scim-group-reads.js';
import { MAX_NAMED_EDGES_READ } from './query/membership-edges.js';
import { scimBaseUrl } from '../config/public-urls.js';

export const SPC_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig';
export const RESOURCE_TYPE_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:ResourceType';
export const SCHEMA_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:Schema';
/** This service's limits that RFC 7643 §5 has no member for. */
export const SPC_LIMITS_EXTENSION = 'urn:provisioning-service:params:scim:schemas:extension:limits:2.0:ServiceProviderConfig';

export function serviceProviderConfig(tenantId: string) {
  return {
    schemas: [SPC_SCHEMA, SPC_LIMITS_EXTENSION],
    patch: { supported: true },
    bulk: { supported: true, maxOperations: MAX_BULK_OPERATIONS, maxPayloadSize: MAX_BODY_BYTES },
    filter: { supported: true, maxResults: MAX_PAGE_SIZE },
    changePassword: { supported: false },
    sort: { supported: true },
    etag: { supported: true },
    pagination: {
      cursor: true,
      index: true,
      defaultPaginationMethod: 'index',
      defaultPageSize: DEFAULT_PAGE_SIZE,
      maxPageSize: MAX_PAGE_SIZE,
      cursorTimeout: CURSOR_TIMEOUT_SECONDS,
    },
    authenticationSchemes: [
      {
        type: 'oauthbearertoken',
        name: 'OAuth Bearer Token',
        description: 'The tenant\'s SCIM token, sent as "Authorization: Bearer prv_scim_..."',
        specUri: 'https://www.rfc-editor.org/info/rfc6750',
        primary: true,
      },
    ],
    [SPC_LIMITS_EXTENSION]: {
      patchMaxOperations: MAX_PATCH_OPERATIONS,
      bulkTimeBudgetSeconds: BULK_TIME_BUDGET_MS / 1000,
      groupMembersMaxReturned: MAX_MEMBERS_RETURNED,
      membershipFilterMaxEdges: MAX_NAMED_EDGES_READ,
    },
    meta: { resourceType: 'ServiceProviderConfig', location: `${scimBaseUrl(tenantId)}/ServiceProviderConfig` },
  };
}

export function resourceTypeDocument(tenantId: string, rt: ResourceTypeDef) {
  return {
    schemas: [RESOURCE_TYPE_SCHEMA],
    id: rt.name,
    name: rt.name,
    endpoint: rt.endpoint,
    description: rt.description,
    schema: rt.schema.id,
    schemaExtensions: rt.extensions.map((e) => ({ schema: e.id, required: false })),
    meta: { resourceType: 'ResourceType', location: `${scimBaseUrl(tenantId)}/ResourceTypes/${rt.name}` },
  };
}

const attributeDocument = (a: AttributeDef): Record<string, unknown> => ({
  name: a.name,
  type: a.type,
  multiValued: a.multiValued,
  description: a.description,
  required: a.required,
  caseExact: a.caseExact,
  mutability: a.mutability,
  returned: a.returned,
  uniqueness: a.uniqueness,
  ...(a.canonicalValues?.length ? { canonicalValues: a.canonicalValues } : {}),
  ...(a.referenceTypes ? { referenceTypes: a.referenceTypes } : {}),
  ...(a.subAttributes ? { subAttributes: a.subAttributes.map(attributeDocument) } : {}),
});

export function schemaDocument(tenantId: string, schema: SchemaDef) {
  return {
    schemas: [SCHEMA_SCHEMA],
    id: schema.id,
    name: schema.name,
    description: schema.description,
    attributes: schema.attributes.map(attributeDocument),
    meta: { resourceType: 'Schema', location: `${scimBaseUrl(tenantId)}/Schemas/${schema.id}` },
  };
}

export const listOf = (resources: unknown[]) => ({
  schemas: [LIST_RESPONSE_SCHEMA],
  totalResults: resources.length,
  itemsPerPage: resources.length,
  startIndex: 1,
  Resources: resources,
});

export const allResourceTypes = (tenantId: string) => listOf(RESOURCE_TYPES.map((rt) => resourceTypeDocument(tenantId, rt)));
export const allSchemas = (tenantId: string) => listOf(ALL_SCHEMAS.map((s) => schemaDocument(tenantId, s)));
