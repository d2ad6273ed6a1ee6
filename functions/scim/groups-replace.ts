/** PUT /Groups/{id}: displayName, externalId and the full member list. */
import { scimRoute } from '../../shared/scim/http/scim-route.js';
import { replaceGroup } from '../../shared/scim/operations/group-operations.js';

export const handler = scimRoute(['scim.groups.replace'], 'Replace a SCIM group', replaceGroup);
