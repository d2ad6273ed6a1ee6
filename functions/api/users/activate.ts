/** PATCH /users/activate. */
import { activationRoute } from './activation-route.js';

export const handler = activationRoute(true);
