/**
 * Email and password against the tenant's Cognito pool, including the
 * NEW_PASSWORD_REQUIRED step for an account whose password an admin set. A
 * refusal (wrong password, deactivated, SSO enforced) shows Cognito's message,
 * which for our triggers' refusals is our own wording; an address the pool does
 * not know asks whether this is the right organization.
 */
import { useState } from 'react';
import { completeNewPassword, passwordRefusal, signInWithPassword, type PasswordClient } from '../../api/cognito.js';
import { TextField } from '../../components/Field.js';
import { PendingButton } from '../../components/PendingButton.js';
import { Alert } from '../../components/StatusMessage.js';
import { useAction } from '../../hooks/useAction.js';

export function PasswordForm({
  client,
  organization,
  onToken,
}: {
  client: PasswordClient;
  /** The organization's display name, for the refusal of an address its pool does not know. */
  organization: string;
  /** The session: the ID token, and the refresh token that renews it when Cognito sent one. */
  onToken: (idToken: string, refreshToken?: string) => Promise<unknown>;
}) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [newPassword, setNewPassword] = useState('');
  const [challenge, setChallenge] = useState<{ session: string; username: string } | undefined>(undefined);

  const action = useAction(async () => {
    const result = challenge
      ? await completeNewPassword(client, challenge, newPassword)
      : await signInWithPassword(client, email.trim(), password).catch((error: unknown) => {
          throw passwordRefusal(error, organization);
        });
    if (result.kind === 'new-password-required') {
      setChallenge({ session: result.session, username: result.username });
      return;
    }
    await onToken(result.idToken, result.refreshToken);
  });

  return (
    <form
      className="stack"
      onSubmit={(event) => {
        event.preventDefault();
        void action.run();
      }}
    >
      {challenge ? (
        <>
          <p className="note">Choose a new password to finish signing in as {email.trim()}.</p>
          <TextField
            label="New password"
            type="password"
            autoComplete="new-password"
            required
            minLength={8}
            value={newPassword}
            onChange={(e) => setNewPassword(e.target.value)}
          />
        </>
      ) : (
        <>
          <TextField label="Email" type="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} />
          <TextField label="Password" type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
        </>
      )}
      <Alert error={action.error} />
      <PendingButton type="submit" pending={action.pending} className="button-block">
        {challenge ? 'Set password and sign in' : 'Sign in'}
      </PendingButton>
    </form>
  );
}
