/**
 * Post confirmation: on a federated person's first sign-in
 * (PostConfirmation_ConfirmSignUp right after PreSignUp_ExternalProvider) the
 * user is created (JIT) or linked (invited or SCIM-provisioned people). A
 * forgotten-password confirmation in the directory is recorded as the user's
 * password reset.
 */
import { recordDirectoryPasswordReset } from '../../shared/signin/directory-password-reset.js';
import { provisionOnSignIn } from '../../shared/signin/provision-on-sign-in.js';
import { identityFromCognitoEvent } from '../../shared/signin/sign-in-identity.js';
import { defineTrigger, type CognitoTriggerEvent } from '../../shared/signin/trigger-kit.js';

export const handler = defineTrigger<CognitoTriggerEvent>('postConfirmation', async (event, { table, tenant }) => {
  if (event.triggerSource === 'PostConfirmation_ConfirmForgotPassword') {
    await recordDirectoryPasswordReset(table, tenant, event.userName);
    return event;
  }
  if (event.triggerSource !== 'PostConfirmation_ConfirmSignUp') return event;
  await provisionOnSignIn(table, tenant, identityFromCognitoEvent(event), { phase: 'sign-in', trigger: event.triggerSource });
  return event;
});
