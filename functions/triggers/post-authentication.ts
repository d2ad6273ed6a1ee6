/**
 * Post authentication: records the sign-in (`lastAccessedAt`), follows IdP
 * drift in JIT tenants, and is the safety net that creates a JIT user a lost
 * PostConfirmation never created (idempotent: same function, same keys).
 * A deactivated user is refused here too.
 */
import { provisionOnSignIn } from '../../shared/signin/provision-on-sign-in.js';
import { identityFromCognitoEvent } from '../../shared/signin/sign-in-identity.js';
import { defineTrigger, type CognitoTriggerEvent } from '../../shared/signin/trigger-kit.js';

export const handler = defineTrigger<CognitoTriggerEvent>('postAuthentication', async (event, { table, tenant }) => {
  await provisionOnSignIn(table, tenant, identityFromCognitoEvent(event), { phase: 'sign-in', trigger: event.triggerSource });
  return event;
});
