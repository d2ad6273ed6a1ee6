/**
 * Pre token generation: the one trigger Cognito fires on EVERY path that issues
 * tokens (first federated sign-in, later sign-ins, password sign-ins and
 * refresh), so it is the final check: a deactivated or deleted user, or a
 * password sign-in the tenant's SSO enforcement forbids, gets no tokens. It adds
 * `tenant_id`, `user_id` and `tenant_role`. On refresh nothing is created: there
 * is no new assertion from the IdP.
 */
import { provisionOnSignIn } from '../../shared/signin/provision-on-sign-in.js';
import { identityFromCognitoEvent } from '../../shared/signin/sign-in-identity.js';
import { addClaims, signInClaims } from '../../shared/signin/token-claims.js';
import { defineTrigger, type CognitoTriggerEvent } from '../../shared/signin/trigger-kit.js';

export const handler = defineTrigger<CognitoTriggerEvent>('preTokenGeneration', async (event, { table, tenant }) => {
  const phase = event.triggerSource === 'TokenGeneration_RefreshTokens' ? 'refresh' : 'sign-in';
  const { user } = await provisionOnSignIn(table, tenant, identityFromCognitoEvent(event), { phase, trigger: event.triggerSource });
  // `sign-in` and `refresh` always end with a user or a refusal.
  if (user) addClaims(event, signInClaims(user));
  return event;
});
