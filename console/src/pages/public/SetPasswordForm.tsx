/**
 * "New password" and "Confirm password" for the public pages that set a
 * password from an emailed link, and the person's name when the invite asks
 * for it. The API checks the token, the password policy and the name; this
 * form only catches a mismatch, a too-short password or a missing name first.
 */
import { useState, type ReactNode } from 'react';
import { ApiError } from '../../api/errors.js';
import { TextField } from '../../components/Field.js';
import { Link } from '../../components/Link.js';
import { PendingButton } from '../../components/PendingButton.js';
import { Alert, StatusRegion } from '../../components/StatusMessage.js';
import { useAction } from '../../hooks/useAction.js';
import { ownNameFrom, NAME_PART_MAX, type OwnName } from './own-name.js';
import { passwordProblem } from './password-rules.js';

export type { OwnName } from './own-name.js';

export function SetPasswordForm({
  buttonLabel,
  email,
  askName = false,
  submit,
  signInHref,
  tokenHint,
}: {
  buttonLabel: string;
  /** The address the link is for: the account password managers file the new password under. */
  email: string;
  /** Ask for the person's given and family name (the invite knows none). */
  askName?: boolean;
  /** Sends the password (and the name when asked); resolves with the sign-in link to offer (tenant prefilled when known). */
  submit: (password: string, name?: OwnName) => Promise<string | undefined>;
  signInHref: string;
  /** Shown under the API's message when the link itself is unusable (used, expired, forged). */
  tokenHint: ReactNode;
}) {
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [givenName, setGivenName] = useState('');
  const [familyName, setFamilyName] = useState('');
  const [doneHref, setDoneHref] = useState<string | undefined>(undefined);
  const action = useAction(async () => {
    const problem = passwordProblem(password, confirm);
    if (problem) throw new ApiError(400, 'console.invalid', problem);
    if (!askName) return submit(password);
    const named = ownNameFrom(givenName, familyName);
    if ('problem' in named) throw new ApiError(400, 'console.invalid', named.problem);
    return submit(password, named.name);
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
      <input type="email" name="username" autoComplete="username" value={email} readOnly hidden />
      {askName ? (
        <div className="field-row">
          <TextField
            label="Given name"
            autoComplete="given-name"
            required
            maxLength={NAME_PART_MAX}
            value={givenName}
            onChange={(e) => setGivenName(e.target.value)}
          />
          <TextField
            label="Family name"
            autoComplete="family-name"
            maxLength={NAME_PART_MAX}
            value={familyName}
            onChange={(e) => setFamilyName(e.target.value)}
          />
        </div>
      ) : null}
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
