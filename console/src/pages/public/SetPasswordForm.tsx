/**
 * "New password" and "Confirm password" for the public pages that set a
 * password from an emailed link. The API checks the token and the password
 * policy; this form only catches a mismatch and a too-short password first.
 */
import { useState, type ReactNode } from 'react';
import { ApiError } from '../../api/errors.js';
import { TextField } from '../../components/Field.js';
import { Link } from '../../components/Link.js';
import { PendingButton } from '../../components/PendingButton.js';
import { Alert, StatusRegion } from '../../components/StatusMessage.js';
import { useAction } from '../../hooks/useAction.js';
import { passwordProblem } from './password-rules.js';

export function SetPasswordForm({
  buttonLabel,
  submit,
  signInHref,
  tokenHint,
}: {
  buttonLabel: string;
  /** Sends the password; resolves with the sign-in link to offer (tenant prefilled when known). */
  submit: (password: string) => Promise<string | undefined>;
  signInHref: string;
  /** Shown under the API's message when the link itself is unusable (used, expired, forged). */
  tokenHint: ReactNode;
}) {
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [doneHref, setDoneHref] = useState<string | undefined>(undefined);
  const action = useAction(async () => {
    const problem = passwordProblem(password, confirm);
    if (problem) throw new ApiError(400, 'console.invalid', problem);
    return submit(password);
  });

  if (doneHref !== undefined) {
    return (
      <>
        <StatusRegion message="Your password is set." />
        <p>
          <Link href={doneHref} className="button button-primary">
            Sign in
          </Link>
        </p>
      </>
    );
  }

  const tokenUnusable = action.error instanceof ApiError && /(^|\.)(invalid_token|token_used|token_expired)$|user_deactivated$/.test(action.error.code);
  return (
    <form
      onSubmit={async (event) => {
        event.preventDefault();
        const result = await action.run();
        if (result) setDoneHref(result.value ?? signInHref);
      }}
    >
      <TextField
        label="New password"
        type="password"
        autoComplete="new-password"
        required
        maxLength={256}
        value={password}
        onChange={(e) => setPassword(e.target.value)}
        hint="At least 8 characters."
      />
      <TextField label="Confirm password" type="password" autoComplete="new-password" required value={confirm} onChange={(e) => setConfirm(e.target.value)} />
      <Alert error={action.error}>{tokenUnusable ? <p>{tokenHint}</p> : null}</Alert>
      <div className="form-actions">
        <PendingButton type="submit" pending={action.pending}>
          {buttonLabel}
        </PendingButton>
      </div>
    </form>
  );
}
