/** PATCH /Groups/{id}: attribute and member changes touching only the edges named; 204 (200 when attributes are asked for). */
import { scimRoute } from '../../shared/scim/http/scim-route.js';
import { patchGroup } from '../../shared/scim/operations/group-operations.js';

export const handler = scimRoute(['scim.groups.patch'], 'Patch a SCIM group', patchGroup);
