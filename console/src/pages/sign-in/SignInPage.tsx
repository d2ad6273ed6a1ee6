/**
 * Sign in: pick the organization (prefilled from ?tenant=, a refused SSO
 * sign-in's tenant, the last one used in this browser or the deployment's
 * default, so a first visit starts at the default rather than a blank field), then sign
 * in the ways it offers (password, SSO) or paste a personal access token.
 * Success returns to `returnTo`. A refused SSO sign-in lands here with the
 * API's reason, shown until the person tries again or leaves.
 */
import { useState } from 'react';
import { getSignInOptions, ssoLoginUrl } from '../../api/session.js';
import { beginHandoff } from '../../session/handoff.js';
import { TextField } from '../../components/Field.js';
import { PageHeader } from '../../components/PageHeader.js';
import { PendingButton } from '../../components/PendingButton.js';
import { PublicLayout } from '../../components/PublicLayout.js';
import { Alert, StatusRegion } from '../../components/StatusMessage.js';
import { useResource } from '../../hooks/useResource.js';
import { navigate, useLocation } from '../../navigation.js';
import { safeReturnTo } from '../../router.js';
import { useSession } from '../../session/SessionContext.js';
import type { FragmentRefusal } from '../../session/fragment.js';
import type { RefreshCredential } from '../../session/renewal.js';
import { rememberedTenant, rememberTenant } from '../../session/store.js';
import { PasswordForm } from './PasswordForm.js';
import { TokenForm } from './TokenForm.js';

export function SignInPage({
  defaultTenantId,
  refusal,
  onDismissRefusal,
}: {
  defaultTenantId?: string;
  /** Why the last SSO sign-in was refused (from the callback's fragment). */
  refusal?: FragmentRefusal;
  onDismissRefusal?: () => void;
}) {
  const { search } = useLocation();
  const { signIn } = useSession();
  const returnTo = safeReturnTo(search.get('returnTo'));
  const [initial] = useState(() => search.get('tenant')?.trim() || refusal?.tenantId || rememberedTenant() || defaultTenantId || '');
  const [tenantInput, setTenantInput] = useState(initial);
  const [tenantId, setTenantId] = useState<string | undefined>(initial || undefined);
  const [redirecting, setRedirecting] = useState(false);
  const options = useResource((signal) => (tenantId ? getSignInOptions(tenantId, signal) : Promise.resolve(undefined)), [tenantId]);
  const ready = tenantId !== undefined && options.data?.tenantId !== undefined && !options.error;

  const finish = async (token: string, tenant?: string, refresh?: RefreshCredential) => {
    const info = await signIn(token, tenant, refresh);
    rememberTenant(info.tenant.id);
    navigate(returnTo, { replace: true });
  };

  const reason = search.get('reason');
  return (
    <PublicLayout>
      <PageHeader title="Sign in" description={ready ? `to ${options.data?.displayName}` : 'to manage users, teams and provisioning'} />
      <StatusRegion
        message={
          reason === 'expired'
            ? 'Your session has ended. Sign in again.'
            : redirecting
              ? 'Redirecting to single sign-on…'
              : options.loading && tenantId
                ? 'Loading sign-in options…'
                : undefined
        }
      />
      {refusal ? <Alert>{refusal.message}</Alert> : null}
      {reason === 'refused' ? <Alert>Single sign-on finished, but the service did not accept the session. Try again, or ask your administrator.</Alert> : null}
      {ready && options.data ? (
        <div className="stack">
          <p className="org-line">
            Organization <strong>{options.data.tenantId}</strong>{' '}
            <button
              type="button"
              className="button button-link"
              onClick={() => {
                onDismissRefusal?.();
                setTenantId(undefined);
              }}
            >
              Change organization
            </button>
          </p>
          {options.data.password ? (
            <PasswordForm
              client={options.data.password}
              organization={options.data.displayName}
              onToken={(token, refreshToken) => {
                const client = options.data?.password;
                const refresh = refreshToken && client ? { refreshToken, client: { endpoint: client.endpoint, clientId: client.clientId } } : undefined;
                return finish(token, options.data?.tenantId, refresh);
              }}
            />
          ) : null}
          {options.data.password && options.data.sso ? <p className="divider">or</p> : null}
          {options.data.sso ? (
            <div className="stack">
              <PendingButton
                variant={options.data.password ? 'secondary' : 'primary'}
                className="button-block"
                pending={redirecting}
                aria-describedby="sso-provider"
                onClick={() => {
                  onDismissRefusal?.();
                  setRedirecting(true);
                  const { sso, tenantId } = options.data!;
                  location.assign(ssoLoginUrl(sso!.loginUrl, returnTo, beginHandoff(tenantId, sso!.issuer)));
                }}
              >
                Sign in with SSO
              </PendingButton>
              <p id="sso-provider" className="hint">
                Continue with {options.data.sso.providerName}.
              </p>
            </div>
          ) : null}
          {!options.data.password && !options.data.sso ? <Alert>This organization has no way to sign in here yet. Ask your administrator.</Alert> : null}
        </div>
      ) : (
        <form
          className="stack"
          onSubmit={(event) => {
            event.preventDefault();
            const next = tenantInput.trim();
            if (next === tenantId) void options.reload();
            else setTenantId(next || undefined);
          }}
        >
          <TextField
            label="Organization ID"
            required
            autoComplete="organization"
            spellCheck={false}
            value={tenantInput}
            onChange={(event) => setTenantInput(event.target.value)}
            hint="Your administrator can tell you your organization’s ID."
          />
          <Alert error={tenantId ? options.error : undefined} />
          <PendingButton type="submit" pending={options.loading && Boolean(tenantId)} className="button-block">
            Continue
          </PendingButton>
        </form>
      )}
      <TokenForm onToken={(token) => finish(token)} />
    </PublicLayout>
  );
}
