/** PATCH /Users/{id}: every operation applied in memory, validated, then one transaction; 200 with the user. */
import { scimRoute } from '../../shared/scim/http/scim-route.js';
import { patchUser } from '../../shared/scim/operations/user-operations.js';

export const handler = scimRoute(['scim.users.patch'], 'Patch a SCIM user', patchUser);
