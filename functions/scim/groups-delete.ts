/** DELETE /Groups/{id}: the team, its edges and its role bindings. */
import { scimRoute } from '../../shared/scim/http/scim-route.js';
import { removeGroup } from '../../shared/scim/operations/group-operations.js';

export const handler = scimRoute(['scim.groups.delete'], 'Delete a SCIM group', removeGroup);
