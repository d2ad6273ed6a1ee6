/**
 * The route gate: public pages render as they are; every other page needs a
 * session (no session → sign-in, coming back here afterwards) and renders inside
 * the signed-in frame once GET /x/session has said who is signed in.
 */
import { useEffect, useState } from 'react';
import { messageOf } from './api/errors.js';
import { Layout } from './components/Layout.js';
import { Link } from './components/Link.js';
import { PageHeader } from './components/PageHeader.js';
import { PublicLayout } from './components/PublicLayout.js';
import type { ConsoleConfig } from './config.js';
import { navigate, useLocation } from './navigation.js';
import { AuditPage } from './pages/audit/AuditPage.js';
import { ProvisioningPage } from './pages/provisioning/ProvisioningPage.js';
import { AcceptInvitePage } from './pages/public/AcceptInvitePage.js';
import { ResetPasswordPage } from './pages/public/ResetPasswordPage.js';
import { SignInPage } from './pages/sign-in/SignInPage.js';
import { TeamPage } from './pages/teams/TeamPage.js';
import { TeamsPage } from './pages/teams/TeamsPage.js';
import { TokensPage } from './pages/tokens/TokensPage.js';
import { UserPage } from './pages/users/UserPage.js';
import { UsersPage } from './pages/users/UsersPage.js';
import { WebhooksPage } from './pages/webhooks/WebhooksPage.js';
import { HOME_PATH, matchRoute, safeReturnTo, signInPath, teamIdOf, userIdOf, type RouteName } from './router.js';
import { useSession } from './session/SessionContext.js';
import type { FragmentRefusal } from './session/fragment.js';

export function App({
  config,
  refusal: handedRefusal,
}: {
  config: ConsoleConfig;
  /** A refused SSO sign-in the callback sent back. */ refusal?: FragmentRefusal;
}) {
  const { pathname, search, href } = useLocation();
  const { state, signOut, refresh } = useSession();
  const route = matchRoute(pathname);
  // Shown on the sign-in page it landed on, once: leaving the page dismisses it.
  const [refusal, setRefusal] = useState(handedRefusal);
  useEffect(() => {
    if (route.name !== 'sign-in') setRefusal(undefined);
  }, [route.name]);

  const redirect = (() => {
    if (route.name === 'sign-in' && state.status === 'ready') return safeReturnTo(search.get('returnTo'));
    if (!route.public && state.status === 'signed-out') return signInPath(href);
    if (pathname === '/' && state.status === 'ready') return HOME_PATH;
    return undefined;
  })();
  useEffect(() => {
    if (redirect) navigate(redirect, { replace: true });
  }, [redirect]);
  if (redirect) return null;

  switch (route.name) {
    case 'sign-in':
      return <SignInPage defaultTenantId={config.defaultTenantId} refusal={refusal} onDismissRefusal={() => setRefusal(undefined)} />;
    case 'accept-invite':
      return <AcceptInvitePage />;
    case 'reset-password':
      return <ResetPasswordPage />;
    case 'not-found':
      return <NotFound signedIn={state.status === 'ready'} />;
  }

  if (state.status === 'loading' || state.status === 'signed-out') {
    return (
      <PublicLayout>
        <p role="status">Signing in…</p>
      </PublicLayout>
    );
  }
  if (state.status === 'failed') {
    return (
      <PublicLayout>
        <PageHeader title="Sign in" />
        <div role="alert" className="message message-error">
          Could not load your session: {messageOf(state.error)}
        </div>
        <div className="form-actions">
          <button type="button" className="button button-primary" onClick={() => void refresh()}>
            Try again
          </button>
          <button type="button" className="button button-secondary" onClick={() => signOut()}>
            Sign out
          </button>
        </div>
      </PublicLayout>
    );
  }
  return (
    <Layout info={state.info} current={route.name === 'user' ? 'users' : route.name === 'team' ? 'teams' : route.name}>
      <Page name={route.name} pathname={pathname} />
    </Layout>
  );
}

function Page({ name, pathname }: { name: RouteName; pathname: string }) {
  switch (name) {
    case 'users':
      return <UsersPage />;
    case 'user': {
      const userId = userIdOf(pathname)!;
      return <UserPage key={userId} userId={userId} />;
    }
    case 'teams':
      return <TeamsPage />;
    case 'team': {
      const teamId = teamIdOf(pathname)!;
      return <TeamPage key={teamId} teamId={teamId} />;
    }
    case 'provisioning':
      return <ProvisioningPage />;
    case 'tokens':
      return <TokensPage />;
    case 'audit':
      return <AuditPage />;
    case 'webhooks':
      return <WebhooksPage />;
    default:
      return null;
  }
}

function NotFound({ signedIn }: { signedIn: boolean }) {
  return (
    <PublicLayout>
      <PageHeader title="Page not found" />
      <p>There is no page at this address.</p>
      <p>
        <Link href={signedIn ? HOME_PATH : signInPath()}>{signedIn ? 'Go to Users' : 'Go to sign-in'}</Link>
      </p>
    </PublicLayout>
  );
}
