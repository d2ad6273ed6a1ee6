/**
 * The signed-in frame: a skip link, the header (tenant, who is signed in, Sign
 * out) and the main navigation, grouped as the product groups it (Access,
 * Settings, Account). Members do not see Provisioning, which only admins use.
 */
import type { ReactNode } from 'react';
import { useSession } from '../session/SessionContext.js';
import type { SessionInfo } from '../api/types.js';
import { ROUTES, type RouteName } from '../router.js';
import { Link } from './Link.js';

const MODE_LABELS = { scim: 'SCIM', jit: 'Just-in-time', 'invite-only': 'Invite-only' } as const;

interface NavGroup {
  heading: string;
  items: Array<{ route: Exclude<RouteName, 'not-found'>; label: string; adminOnly?: boolean }>;
}

const NAV: NavGroup[] = [
  {
    heading: 'Access',
    items: [
      { route: 'users', label: 'Users' },
      { route: 'teams', label: 'Teams' },
    ],
  },
  {
    heading: 'Settings',
    items: [
      { route: 'provisioning', label: 'Provisioning', adminOnly: true },
      { route: 'webhooks', label: 'Webhooks', adminOnly: true },
      { route: 'audit', label: 'Audit log' },
    ],
  },
  { heading: 'Account', items: [{ route: 'tokens', label: 'Personal access tokens' }] },
];

export function Layout({ info, current, children }: { info: SessionInfo; current: RouteName; children: ReactNode }) {
  const { signOut } = useSession();
  const admin = info.user.role === 'tenant-admin';
  return (
    <div className="app">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="app-header">
        <div className="brand">
          <span className="brand-name">Provisioning console</span>
          <span className="brand-tenant">
            {info.tenant.displayName} <span className="muted">· {MODE_LABELS[info.tenant.mode]}</span>
          </span>
        </div>
        <div className="account">
          <span className="account-who">
            {info.user.email}
            <span className="muted"> · {admin ? 'Admin' : 'Member'}</span>
          </span>
          <button type="button" className="button button-secondary" onClick={() => signOut()}>
            Sign out
          </button>
        </div>
      </header>
      <div className="app-body">
        <nav aria-label="Main" className="app-nav">
          {NAV.map((group) => {
            const items = group.items.filter((item) => admin || !item.adminOnly);
            if (items.length === 0) return null;
            return (
              <div key={group.heading} className="nav-group">
                <p className="nav-heading" aria-hidden="true">
                  {group.heading}
                </p>
                <ul aria-label={group.heading}>
                  {items.map((item) => (
                    <li key={item.route}>
                      <Link href={ROUTES[item.route].path} className="nav-link" aria-current={item.route === current ? 'page' : undefined}>
                        {item.label}
                      </Link>
                    </li>
                  ))}
                </ul>
              </div>
            );
          })}
        </nav>
        <main id="main" className="app-main" tabIndex={-1}>
          {children}
        </main>
      </div>
    </div>
  );
}
