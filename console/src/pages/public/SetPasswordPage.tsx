/**
 * The public page behind an emailed set-password link (`?token=…`): accepting
 * an invite and resetting a password differ only in their words and in the
 * API call that redeems the token.
 */
import type { ReactNode } from 'react';
import { PageHeader } from '../../components/PageHeader.js';
import { PublicLayout } from '../../components/PublicLayout.js';
import { Alert } from '../../components/StatusMessage.js';
import { useLocation } from '../../navigation.js';
import { signInPath } from '../../router.js';
import { SetPasswordForm } from './SetPasswordForm.js';

export interface SetPasswordPageProps {
  title: string;
  description: string;
  buttonLabel: string;
  /** Shown instead of the form when the link carries no token. */
  missingToken: string;
  /** Shown under the API's message when the link itself is unusable (used, expired, forged). */
  tokenHint: ReactNode;
  /** Redeems the token; resolves with the sign-in link to offer (tenant prefilled when known). */
  redeem: (token: string, password: string) => Promise<string | undefined>;
}

export function SetPasswordPage({ title, description, buttonLabel, missingToken, tokenHint, redeem }: SetPasswordPageProps) {
  const token = useLocation().search.get('token')?.trim();
  return (
    <PublicLayout>
      <PageHeader title={title} description={description} />
      {token ? (
        <SetPasswordForm buttonLabel={buttonLabel} signInHref={signInPath()} tokenHint={tokenHint} submit={(password) => redeem(token, password)} />
      ) : (
        <Alert>{missingToken}</Alert>
      )}
    </PublicLayout>
  );
}
