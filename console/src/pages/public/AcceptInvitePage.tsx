/** /accept-invite?token=…: the invited person sets their password, which accepts the invite. */
import { acceptInvite } from '../../api/users.js';
import { signInPath } from '../../router.js';
import { SetPasswordPage } from './SetPasswordPage.js';

async function redeemInvite(token: string, password: string): Promise<string> {
  const { data } = await acceptInvite(token, password);
  return signInPath(undefined, { tenant: data.tenantName });
}

export function AcceptInvitePage() {
  return (
    <SetPasswordPage
      title="Accept invite"
      description="Choose a password to finish joining."
      buttonLabel="Accept invite and set password"
      missingToken="This link has no invite token. Open the link from your invite email again, or ask your administrator for a new invite."
      tokenHint="Ask your administrator to send you a new invite."
      redeem={redeemInvite}
    />
  );
}
