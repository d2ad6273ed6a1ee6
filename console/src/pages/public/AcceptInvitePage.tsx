/** /accept-invite?token=…: the invited person sets their password (and their name, when none is known), which accepts the invite. */
import { acceptInvite } from '../../api/users.js';
import { signInPath } from '../../router.js';
import { SetPasswordPage } from './SetPasswordPage.js';
import type { OwnName } from './SetPasswordForm.js';

async function redeemInvite(token: string, password: string, name?: OwnName): Promise<string> {
  const { data } = await acceptInvite(token, password, name);
  return signInPath(undefined, { tenant: data.tenantName });
}

export function AcceptInvitePage() {
  return (
    <SetPasswordPage
      kind="invite"
      title="Accept invite"
      description="Choose a password to finish joining."
      intro={(link) => (
        <>
          You are invited to join <strong>{link.organization}</strong> as <strong>{link.email}</strong>.
        </>
      )}
      buttonLabel="Accept invite and set password"
      missingToken="This link has no invite token. Open the link from your invite email again, or ask your administrator for a new invite."
      tokenHint="Ask your administrator to send you a new invite."
      redeem={redeemInvite}
    />
  );
}
