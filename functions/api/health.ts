/** Liveness of the API: answers without touching the table or needing a credential. */
import { defineRoute } from '../../shared/http/define-route.js';

export const handler = defineRoute({ routes: ['service.health'], summary: 'Liveness check' }, async () => ({
  status: 200,
  body: { status: 'ok' },
}));
