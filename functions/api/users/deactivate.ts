/** PATCH /users/deactivate. */
import { activationRoute } from './activation-route.js';

export const handler = activationRoute(false);
