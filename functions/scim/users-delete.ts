/** DELETE /Users/{id}: the user goes with their memberships and resource roles (the IdP is the source of truth). */
import { scimRoute } from '../../shared/scim/http/scim-route.js';
import { removeUser } from '../../shared/scim/operations/user-operations.js';

export const handler = scimRoute(['scim.users.delete'], 'Delete a SCIM user', removeUser);
