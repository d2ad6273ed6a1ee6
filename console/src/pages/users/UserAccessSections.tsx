/**
 * The parts of a user's page the API shows to tenant admins and the user
 * themself: teams, resource roles with their origin, personal access tokens
 * (revocable here) and the recent events about them, older ones on request.
 */
import { useState, type ReactNode } from 'react';
import { listTokens, revokeToken } from '../../api/tokens.js';
import type { AuditEvent, PermissionGrant, PersonalAccessToken, User, UserTeam } from '../../api/types.js';
import { getUserPermissions, listAuditEventsAbout, listUserTeams } from '../../api/users.js';
import { ConfirmDialog } from '../../components/ConfirmDialog.js';
import { Link } from '../../components/Link.js';
import { Pagination } from '../../components/Pagination.js';
import { PendingButton } from '../../components/PendingButton.js';
import { Alert, StatusRegion } from '../../components/StatusMessage.js';
import { Table } from '../../components/Table.js';
import { Tag } from '../../components/Tag.js';
import { formatDateTime } from '../../format.js';
import { useAction } from '../../hooks/useAction.js';
import { useDialogState } from '../../hooks/useDialogState.js';
import { usePagedResource } from '../../hooks/usePagedResource.js';
import { useResource } from '../../hooks/useResource.js';
import { ROUTES } from '../../router.js';
import { AuditEventTable } from '../audit/AuditEventTable.js';
import { RevokeTokenButton } from '../tokens/RevokeTokenButton.js';

const TOKENS_PAGE = 25;
const EVENTS_PAGE = 20;

export function UserAccessSections({ user, admin, self }: { user: User; admin: boolean; self: boolean }) {
  return (
    <>
      <TeamsSection user={user} />
      <RolesSection user={user} />
      <TokensSection user={user} admin={admin} self={self} />
      <EventsSection user={user} />
    </>
  );
}

function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section className="card" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {children}
    </section>
  );
}

function TeamsSection({ user }: { user: User }) {
  const teams = useResource((signal) => listUserTeams(user.id, signal).then((r) => r.data), [user.id]);
  return (
    <Section id="teams-heading" title="Teams">
      <Alert error={teams.error} />
      <Table<UserTeam>
        caption={`Teams of ${user.email}`}
        columns={[
          {
            header: 'Team',
            cell: (t) => (
              <>
                <span className="cell-primary">{t.teamName}</span>
                {t.displayName && t.displayName !== t.teamName ? <span className="muted"> · {t.displayName} in the identity provider</span> : null}
              </>
            ),
          },
          { header: 'Role', cell: (t) => (t.role === 'manager' ? 'Manager' : 'Member') },
          { header: 'Managed by', cell: (t) => (t.implicit ? 'Everyone who is active' : t.createdByScim ? <Tag tone="info">SCIM</Tag> : 'This console') },
        ]}
        rows={teams.data ?? []}
        rowKey={(t) => t.id}
        loading={teams.loading}
        empty="Not in any team."
      />
    </Section>
  );
}

const originText = (grant: PermissionGrant): string => (grant.origin.type === 'direct' ? 'Direct' : `Team ${grant.origin.teamName}`);

function RolesSection({ user }: { user: User }) {
  const permissions = useResource((signal) => getUserPermissions(user.id, signal).then((r) => r.data), [user.id]);
  return (
    <Section id="roles-heading" title="Resource roles">
      <Alert error={permissions.error} />
      <Table<PermissionGrant>
        caption={`Resource roles of ${user.email}, each with where it comes from`}
        columns={[
          {
            header: 'Resource',
            cell: (g) => (
              <>
                <code>{g.resourceId}</code> <span className="muted">({g.resourceType})</span>
              </>
            ),
          },
          { header: 'Role', cell: (g) => g.role },
          { header: 'From', cell: originText },
        ]}
        rows={permissions.data?.grants ?? []}
        rowKey={(g) => `${g.resourceType}/${g.resourceId}/${g.role}/${originText(g)}`}
        loading={permissions.loading}
        empty="No resource roles, directly or through a team."
      />
    </Section>
  );
}

function TokensSection({ user, admin, self }: { user: User; admin: boolean; self: boolean }) {
  const tokens = usePagedResource((page, signal) => listTokens({ ...page, userId: self ? undefined : user.id }, signal), TOKENS_PAGE, [user.id, self]);
  const dialogs = useDialogState<{ pat: PersonalAccessToken; opener: HTMLElement }>();
  const revoking = dialogs.current;
  if (!admin && !self) return null;
  return (
    <Section id="tokens-heading" title="Personal access tokens">
      {self ? (
        <p className="hint">
          Your own tokens are made and revoked on <Link href={ROUTES.tokens.path}>Personal access tokens</Link>.
        </p>
      ) : null}
      <StatusRegion message={dialogs.notice} />
      <Alert error={tokens.error} />
      <Table<PersonalAccessToken>
        caption={`Personal access tokens of ${user.email}`}
        columns={[
          { header: 'Name', cell: (p) => <span className="cell-primary">{p.name}</span> },
          { header: 'Token', cell: (p) => <code>{p.prefix}…</code> },
          { header: 'Created', cell: (p) => formatDateTime(p.createdAt) },
          { header: 'Last used', cell: (p) => (p.lastUsedAt ? formatDateTime(p.lastUsedAt) : <span className="muted">Never</span>) },
          {
            header: 'Expires',
            cell: (p) => (p.expired ? <Tag tone="danger">Expired</Tag> : p.expiresAt ? formatDateTime(p.expiresAt) : <span className="muted">Never</span>),
          },
          ...(self
            ? []
            : [
                {
                  header: 'Actions',
                  hideHeader: true,
                  className: 'cell-actions',
                  cell: (p: PersonalAccessToken) => <RevokeTokenButton pat={p} onOpen={(opener) => dialogs.show({ pat: p, opener })} />,
                },
              ]),
        ]}
        rows={tokens.rows}
        rowKey={(p) => p.id}
        loading={tokens.loading}
        empty="No personal access tokens."
      />
      <Pagination {...tokens.pager} label="Token pages" />
      {revoking ? (
        <ConfirmDialog
          title={`Revoke ${revoking.pat.name} of ${user.email}?`}
          confirmLabel="Revoke"
          variant="danger"
          returnFocus={revoking.opener}
          onConfirm={() => revokeToken(revoking.pat.id)}
          onDone={() => {
            dialogs.finish(`Revoked ${revoking.pat.name} of ${user.email}.`);
            void tokens.reload();
          }}
          onClose={dialogs.close}
        >
          <p>Anything using this token is refused from its next request. This cannot be undone.</p>
        </ConfirmDialog>
      ) : null}
    </Section>
  );
}

function EventsSection({ user }: { user: User }) {
  const [pages, setPages] = useState<AuditEvent[][]>([]);
  const [next, setNext] = useState<string | undefined>(undefined);
  const first = useResource(
    (signal) =>
      listAuditEventsAbout(user.id, { limit: EVENTS_PAGE }, signal).then((r) => {
        setPages([r.data]);
        setNext(r.nextBefore);
        return r;
      }),
    [user.id],
  );
  const older = useAction(async () => {
    const page = await listAuditEventsAbout(user.id, { limit: EVENTS_PAGE, before: next });
    setPages((p) => [...p, page.data]);
    setNext(page.nextBefore);
  });
  const events = pages.flat();
  return (
    <Section id="events-heading" title="Recent events">
      <p className="hint">
        What happened to {user.email}, newest first. Events recorded before this list existed, and what they did themselves, are in the{' '}
        <Link href={ROUTES.audit.path}>Audit log</Link>.
      </p>
      <Alert error={first.error ?? older.error} />
      <AuditEventTable
        caption={`Events about ${user.email}`}
        events={events}
        loading={first.loading}
        empty="No events recorded about this user."
        showTarget={false}
      />
      {next ? (
        <div className="form-actions">
          <PendingButton type="button" variant="secondary" pending={older.pending} onClick={() => void older.run()}>
            Show older events
          </PendingButton>
        </div>
      ) : null}
    </Section>
  );
}
