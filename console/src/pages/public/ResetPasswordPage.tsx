/** /reset-password?token=…: set a new password from a reset link (single use, one hour). */
import { resetPassword } from '../../api/users.js';
import { SetPasswordPage } from './SetPasswordPage.js';

async function redeemReset(token: string, password: string): Promise<undefined> {
  await resetPassword(token, password);
  return undefined;
}

export function ResetPasswordPage() {
  return (
    <SetPasswordPage
      kind="reset"
      title="Reset password"
      description="Choose a new password for your account."
      intro={(link) => (
        <>
          Set a new password for <strong>{link.email}</strong> at <strong>{link.organization}</strong>.
        </>
      )}
      buttonLabel="Set new password"
      missingToken="This link has no reset token. Open the link from your email again, or ask your administrator for a new one."
      tokenHint="Ask your administrator to send you a new reset link."
      redeem={redeemReset}
    />
  );
}
