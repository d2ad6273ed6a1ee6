/**
 * Pre sign-up: the gate. On a federated person's FIRST sign-in Cognito fires
 * PreSignUp_ExternalProvider (then PostConfirmation and token generation), so
 * this is where an unknown person in a SCIM or invite-only tenant, or a
 * deactivated one, is stopped before Cognito creates anything. Self-service
 * sign-up (PreSignUp_SignUp) is refused to everyone: a pool account's username
 * is what binds it to a user (shared/signin/cognito-account.ts), so only the
 * service names accounts. PreSignUp_AdminCreateUser is our own service
 * creating a pool user.
 */
import { provisionOnSignIn } from '../../shared/signin/provision-on-sign-in.js';
import { identityFromCognitoEvent } from '../../shared/signin/sign-in-identity.js';
import { refuseSignIn } from '../../shared/signin/sign-in-refusal.js';
import { defineTrigger, type CognitoTriggerEvent } from '../../shared/signin/trigger-kit.js';

export const handler = defineTrigger<CognitoTriggerEvent>('preSignUp', async (event, { table, tenant }) => {
  if (event.triggerSource === 'PreSignUp_AdminCreateUser') return event;
  if (event.triggerSource === 'PreSignUp_SignUp') {
    throw await refuseSignIn(table, tenant, identityFromCognitoEvent(event), 'self_sign_up', { trigger: event.triggerSource });
  }
  await provisionOnSignIn(table, tenant, identityFromCognitoEvent(event), { phase: 'gate', trigger: event.triggerSource });
  return event;
});
