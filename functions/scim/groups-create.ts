/** POST /Groups: a team owned by the IdP, with its members validated first. */
import { scimRoute } from '../../shared/scim/http/scim-route.js';
import { createGroup } from '../../shared/scim/operations/group-operations.js';

export const handler = scimRoute(['scim.groups.create'], 'Create a SCIM group', createGroup);
