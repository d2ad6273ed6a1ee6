/** POST /.search: Users and Groups in one list. */
import { scimRoute } from '../../shared/scim/http/scim-route.js';
import { rootSearch } from '../../shared/scim/operations/root-search.js';

export const handler = scimRoute(['scim.search'], 'Search all SCIM resources', rootSearch, 'none');
