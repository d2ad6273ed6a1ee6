/**
 * The admin API's route kit: public routes and routes of a signed-in user or an
 * admin, who present a personal access token or an ID token (../auth/user-auth.ts).
 * SCIM routes have their own kit (../scim/http/scim-route.ts).
 */
import { authenticateApiCaller } from '../auth/user-auth.js';
import { routeKit } from './route-kit.js';

export const defineRoute = routeKit({
  kinds: ['public', 'user', 'admin'],
  authenticate: (table, route, event) => {
    if (route.auth === 'scim') throw new Error(`Route ${route.name} is a SCIM route`);
    return authenticateApiCaller(table, route.auth, event);
  },
});
