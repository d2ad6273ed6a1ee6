/**
 * Invite user. With "Send email to set password" (the default) the API creates
 * the user invite-pending and mails a single-use link to this console's
 * accept-invite page; for someone whose invite is still pending it sends a
 * fresh link. Without it the user is only registered, for tenants where people
 * sign in with SSO. Where the tenant signs in with SSO (enforced, or its people
 * come from SCIM) the checkbox carries a warning: a password there is only for
 * break-glass access.
 */
import { useState } from 'react';
import { getProvisioning } from '../../api/provisioning.js';
import type { ProvisioningModeName } from '../../api/types.js';
import { inviteUser, registerUser } from '../../api/users.js';
import { CheckboxField, TextField } from '../../components/Field.js';
import { FormDialog } from '../../components/FormDialog.js';
import { useAction } from '../../hooks/useAction.js';
import { useResource } from '../../hooks/useResource.js';

export const SSO_PASSWORD_WARNING = 'This tenant signs in with single sign-on; a password is only for break-glass access.';

export function InviteDialog({ mode, onDone, onClose }: { mode: ProvisioningModeName; onDone: (message: string) => void; onClose: () => void }) {
  const [email, setEmail] = useState('');
  const [sendEmail, setSendEmail] = useState(true);
  // SSO enforcement is a provisioning setting; while it loads, the tenant's mode alone decides the warning.
  const settings = useResource((signal) => getProvisioning(signal), []);
  const ssoTenant = mode === 'scim' || mode === 'jit' || settings.data?.ssoEnforced === true;

  const action = useAction(async () => {
    const address = email.trim();
    if (!sendEmail) {
      await registerUser(address);
      return `Added ${address}. No email was sent; they can sign in with single sign-on.`;
    }
    const { resent } = await inviteUser(address, `${location.origin}/accept-invite`);
    return resent
      ? `Sent a new invite to ${address}; the previous link no longer works.`
      : `Invited ${address}. They have 7 days to set a password from the email.`;
  });

  return (
    <FormDialog title="Invite user" submitLabel="Invite" action={action} onDone={onDone} onClose={onClose}>
      <TextField
        label="Email"
        type="email"
        name="email"
        autoComplete="off"
        required
        maxLength={254}
        value={email}
        onChange={(event) => setEmail(event.target.value)}
      />
      <CheckboxField
        label="Send email to set password"
        checked={sendEmail}
        onChange={(event) => setSendEmail(event.target.checked)}
        hint={
          <>
            {ssoTenant ? <p className="warning-text">{SSO_PASSWORD_WARNING}</p> : null}
            <p>{sendEmail ? 'The email holds a link that works once, for 7 days.' : 'Without the email, they can only sign in with single sign-on.'}</p>
          </>
        }
      />
    </FormDialog>
  );
}
