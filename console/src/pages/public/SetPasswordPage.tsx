/**
 * The public page behind an emailed set-password link (`?token=…`, and
 * `&tenant=…` when the link names its organization): accepting an invite and
 * resetting a password differ only in their words and in the API call that
 * redeems the token. The page first asks the API what the link is for (the
 * organization and the address, reading only: opening the page never spends
 * the link) and shows the form only for a link that works; any other link gets
 * the API's one answer, whatever the reason.
 */
import type { ReactNode } from 'react';
import { describeLink, type LinkInfo } from '../../api/users.js';
import { PageHeader } from '../../components/PageHeader.js';
import { PublicLayout } from '../../components/PublicLayout.js';
import { Alert, StatusRegion } from '../../components/StatusMessage.js';
import { useResource } from '../../hooks/useResource.js';
import { useLocation } from '../../navigation.js';
import { signInPath } from '../../router.js';
import { SetPasswordForm, type OwnName } from './SetPasswordForm.js';

export interface SetPasswordPageProps {
  kind: LinkInfo['kind'];
  title: string;
  description: string;
  /** The sentence naming the organization and the address, once the link is known to work. */
  intro: (link: LinkInfo) => ReactNode;
  buttonLabel: string;
  /** Shown instead of the form when the link carries no token. */
  missingToken: string;
  /** Shown under the API's message when the link itself is unusable (used, expired, forged). */
  tokenHint: ReactNode;
  /** Redeems the token; resolves with the sign-in link to offer (tenant prefilled when known). */
  redeem: (token: string, password: string, name?: OwnName) => Promise<string | undefined>;
}

export function SetPasswordPage({ kind, title, description, intro, buttonLabel, missingToken, tokenHint, redeem }: SetPasswordPageProps) {
  const { search } = useLocation();
  const token = search.get('token')?.trim();
  const tenantId = search.get('tenant')?.trim() || undefined;
  const link = useResource(async (signal) => (token ? (await describeLink(kind, token, tenantId, signal)).data : undefined), [kind, token, tenantId]);

  const body = (() => {
    if (!token) return <Alert>{missingToken}</Alert>;
    if (link.error !== undefined) {
      return (
        <Alert error={link.error}>
          <p>{tokenHint}</p>
        </Alert>
      );
    }
    if (!link.data) return <StatusRegion message="Checking your link…" />;
    return (
      <>
        <p>{intro(link.data)}</p>
        <SetPasswordForm
          buttonLabel={buttonLabel}
          email={link.data.email}
          askName={link.data.askName}
          signInHref={signInPath(undefined, tenantId ? { tenant: tenantId } : {})}
          tokenHint={tokenHint}
          submit={(password, name) => redeem(token, password, name)}
        />
      </>
    );
  })();

  return (
    <PublicLayout>
      <PageHeader title={title} description={description} />
      {body}
    </PublicLayout>
  );
}
