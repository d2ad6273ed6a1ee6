/** GET /teams/{id}/managers: served by the members module, which tells the two routes apart. */
export { handler } from './members.js';
