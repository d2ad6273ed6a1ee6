/** PUT /Users/{id}: replaces the writable attributes (a PUT without `active` does not deactivate). */
import { scimRoute } from '../../shared/scim/http/scim-route.js';
import { replaceUser } from '../../shared/scim/operations/user-operations.js';

export const handler = scimRoute(['scim.users.replace'], 'Replace a SCIM user', replaceUser);
