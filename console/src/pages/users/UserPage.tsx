/**
 * Access > Users > a user (`/users/{id}`): who they are and where they came
 * from, their teams, their resource roles with where each comes from, their
 * personal access tokens and the recent events about them, with the same
 * actions as their row in the list. Tenant admins see all of it for anyone;
 * a member sees all of it for themself and only the profile of others (the
 * API answers the rest for admins and the user alone).
 */
import { useState } from 'react';
import type { User } from '../../api/types.js';
import { getUser } from '../../api/users.js';
import { ActionMenu } from '../../components/ActionMenu.js';
import { Link } from '../../components/Link.js';
import { PageHeader } from '../../components/PageHeader.js';
import { Alert, StatusRegion } from '../../components/StatusMessage.js';
import { When } from '../../components/When.js';
import { useDialogState } from '../../hooks/useDialogState.js';
import { useResource } from '../../hooks/useResource.js';
import { navigate } from '../../navigation.js';
import { ROUTES } from '../../router.js';
import { isAdmin, useSession, useSessionInfo } from '../../session/SessionContext.js';
import { UserDialog, type UserAction } from './UserDialogs.js';
import { StatusTags } from './StatusTags.js';
import { UserAccessSections } from './UserAccessSections.js';
import { displayNameOf, roleLabel, roleOf, sourceLabel, statusTags, userActions } from './user-status.js';

export function UserPage({ userId }: { userId: string }) {
  const info = useSessionInfo();
  const { refresh: refreshSession } = useSession();
  const admin = isAdmin(info);
  const self = userId === info.user.id;
  const user = useResource((signal) => getUser(userId, signal).then((r) => r.data), [userId]);
  const dialogs = useDialogState<{ action: UserAction; user: User; opener: HTMLElement }>();
  const [version, setVersion] = useState(0);
  const data = user.data;

  const done = (message: string) => {
    const action = dialogs.current?.action;
    dialogs.finish(message);
    if (self) void refreshSession();
    if (action === 'delete') {
      navigate(ROUTES.users.path);
      return;
    }
    void user.reload();
    setVersion((v) => v + 1);
  };

  return (
    <>
      <p className="breadcrumb">
        <Link href={ROUTES.users.path}>Users</Link>
      </p>
      <PageHeader
        title={data?.email ?? 'User'}
        description={data ? displayNameOf(data) : undefined}
        actions={
          admin && data ? (
            <ActionMenu
              label={`Actions for ${data.email}`}
              items={userActions(data).map(({ action, label, danger }) => ({
                label,
                danger,
                onSelect: (opener) => dialogs.show({ action, user: data, opener }),
              }))}
            />
          ) : null
        }
      />
      <StatusRegion message={user.loading && !data ? 'Loading user…' : dialogs.notice} />
      <Alert error={user.error} />
      {data ? (
        <>
          <section className="card" aria-labelledby="profile-heading">
            <h2 id="profile-heading">Profile</h2>
            <Profile user={data} mode={info.tenant.mode} />
          </section>
          {admin || self ? (
            <UserAccessSections key={version} user={data} admin={admin} self={self} />
          ) : (
            <p className="note">Teams, roles, tokens and events of other people are shown to tenant admins only.</p>
          )}
        </>
      ) : null}
      {dialogs.current ? (
        <UserDialog
          action={dialogs.current.action}
          user={dialogs.current.user}
          opener={dialogs.current.opener}
          self={self}
          onDone={done}
          onClose={dialogs.close}
        />
      ) : null}
    </>
  );
}

function Profile({ user, mode }: { user: User; mode: Parameters<typeof statusTags>[1] }) {
  const tags = statusTags(user, mode).filter((t) => t.label === 'Deactivated' || t.label === 'Invite Pending' || t.label === 'Not in IdP');
  return (
    <dl className="profile">
      <dt>Email</dt>
      <dd>{user.email}</dd>
      <dt>Name</dt>
      <dd>{displayNameOf(user) ?? <span className="muted">Not given</span>}</dd>
      {user.metadata.userName !== user.email ? (
        <>
          <dt>User name</dt>
          <dd>{user.metadata.userName}</dd>
        </>
      ) : null}
      <dt>Source</dt>
      <dd>{sourceLabel(user)}</dd>
      {user.metadata.externalId ? (
        <>
          <dt>External id</dt>
          <dd>
            <code>{user.metadata.externalId}</code>
          </dd>
        </>
      ) : null}
      <dt>Status</dt>
      <dd>
        <StatusTags tags={tags} none="Active" />
      </dd>
      <dt>Role</dt>
      <dd>{roleLabel(roleOf(user))}</dd>
      <dt>Sign-in</dt>
      <dd>
        {[user.metadata.hasPassword ? 'Password' : '', user.metadata.ssoName ? `Single sign-on (${user.metadata.ssoName})` : ''].filter(Boolean).join(', ') ||
          'Not set up yet'}
      </dd>
      <dt>Created</dt>
      <dd>
        <When iso={user.createdAt} />
      </dd>
      <dt>Last access</dt>
      <dd>{user.lastAccessedAt ? <When iso={user.lastAccessedAt} /> : 'Never'}</dd>
    </dl>
  );
}
