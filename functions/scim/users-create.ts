/** POST /Users: 201 with the user and its Location; 409 `uniqueness` for a taken userName. */
import { scimRoute } from '../../shared/scim/http/scim-route.js';
import { createUser } from '../../shared/scim/operations/user-operations.js';

export const handler = scimRoute(['scim.users.create'], 'Create a SCIM user', createUser);
