/** GET /Groups/{id}: the group; with `excludedAttributes=members` no member edge is read. */
import { scimRoute } from '../../shared/scim/http/scim-route.js';
import { getGroup } from '../../shared/scim/operations/group-operations.js';

export const handler = scimRoute(['scim.groups.get'], 'Get a SCIM group', getGroup);
