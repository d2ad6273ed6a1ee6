/** GET /Users/{id}: the user, `groups` read only if returned; 304 on a matching If-None-Match. */
import { scimRoute } from '../../shared/scim/http/scim-route.js';
import { getUser } from '../../shared/scim/operations/user-operations.js';

export const handler = scimRoute(['scim.users.get'], 'Get a SCIM user', getUser);
