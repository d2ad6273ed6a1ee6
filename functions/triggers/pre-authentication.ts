/**
 * Pre authentication: fires on later sign-ins (not on a federated person's
 * first). Refuses deactivated users and, when the tenant enforces SSO, password
 * sign-ins of anyone but a break-glass admin, before Cognito checks a password.
 */
import { provisionOnSignIn } from '../../shared/signin/provision-on-sign-in.js';
import { identityFromCognitoEvent } from '../../shared/signin/sign-in-identity.js';
import { defineTrigger, type CognitoTriggerEvent } from '../../shared/signin/trigger-kit.js';

export const handler = defineTrigger<CognitoTriggerEvent>('preAuthentication', async (event, { table, tenant }) => {
  await provisionOnSignIn(table, tenant, identityFromCognitoEvent(event), { phase: 'gate', trigger: event.triggerSource });
  return event;
});
