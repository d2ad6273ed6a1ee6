/**
 * Access > Teams: the teams the caller can see (every team for admins),
 * `everyone` first, each linked to its page (`/teams/{id}`: details and members
 * by page). Admins create teams; admins and a team's managers edit it;
 * SCIM-managed teams and `everyone` are read-only with a note saying why.
 */
import { deleteTeam, listTeams } from '../../api/teams.js';
import type { Team } from '../../api/types.js';
import { ConfirmDialog } from '../../components/ConfirmDialog.js';
import { PageHeader } from '../../components/PageHeader.js';
import { Pagination } from '../../components/Pagination.js';
import { Alert, StatusRegion } from '../../components/StatusMessage.js';
import { Table, type Column } from '../../components/Table.js';
import { Link } from '../../components/Link.js';
import { Tag } from '../../components/Tag.js';
import { plural } from '../../format.js';
import { useDialogState } from '../../hooks/useDialogState.js';
import { usePagedResource } from '../../hooks/usePagedResource.js';
import { isAdmin, useSessionInfo } from '../../session/SessionContext.js';
import { TeamFormDialog } from './TeamFormDialog.js';
import { teamPath } from '../../router.js';
import { teamNote } from './team-notes.js';

const PAGE_SIZE = 50;

type OpenDialog = { kind: 'create' } | { kind: 'edit' | 'delete'; team: Team; opener: HTMLElement };

export function TeamsPage() {
  const admin = isAdmin(useSessionInfo());
  const dialogs = useDialogState<OpenDialog>();
  const dialog = dialogs.current;
  const teams = usePagedResource(listTeams, PAGE_SIZE, []);

  const done = (message: string) => {
    dialogs.finish(message);
    void teams.reload();
  };
  const open = (kind: 'edit' | 'delete', team: Team) => (event: { currentTarget: HTMLElement }) => dialogs.show({ kind, team, opener: event.currentTarget });

  const columns: Array<Column<Team>> = [
    {
      header: 'Team',
      cell: (t) => (
        <>
          <span className="cell-primary">
            <Link href={teamPath(t.id)}>{t.teamName}</Link>
          </span>
          {t.displayName && t.displayName !== t.teamName ? (
            <span className="cell-secondary">{t.metadata.createdByScim ? `In the identity provider: ${t.displayName}` : t.displayName}</span>
          ) : null}
          {teamNote(t) ? <span className="cell-note">{teamNote(t)}</span> : null}
        </>
      ),
    },
    { header: 'Members', cell: (t) => plural(t.memberCount, 'member') },
    {
      header: 'Source',
      cell: (t) => (t.metadata.implicit ? <Tag>Built-in</Tag> : t.metadata.createdByScim ? <Tag tone="info">SCIM</Tag> : <Tag>Console</Tag>),
    },
    {
      header: 'Actions',
      hideHeader: true,
      className: 'cell-actions',
      cell: (t) => {
        // Read-only teams have no actions here: their page (the name's link) shows them.
        if (teamNote(t)) return null;
        return (
          <span className="row-buttons">
            <button type="button" className="button button-ghost" aria-label={`Edit ${t.teamName}`} onClick={open('edit', t)}>
              Edit
            </button>
            {admin ? (
              <button type="button" className="button button-ghost button-danger-text" aria-label={`Delete ${t.teamName}`} onClick={open('delete', t)}>
                Delete
              </button>
            ) : null}
          </span>
        );
      },
    },
  ];

  return (
    <>
      <PageHeader
        title="Teams"
        description="Teams group people so roles on resources can be granted to all of them at once."
        actions={
          admin ? (
            <button type="button" className="button button-primary" onClick={() => dialogs.show({ kind: 'create' })}>
              Create team
            </button>
          ) : null
        }
      />
      <StatusRegion message={teams.loading && !teams.data ? 'Loading teams…' : dialogs.notice} />
      <Alert error={teams.error} />
      <Table caption="Teams" columns={columns} rows={teams.rows} rowKey={(t) => t.id} loading={teams.loading} empty="No teams yet." />
      <Pagination {...teams.pager} label="Teams pages" />
      {dialog?.kind === 'create' ? <TeamFormDialog onDone={done} onClose={dialogs.close} /> : null}
      {dialog?.kind === 'edit' ? <TeamFormDialog team={dialog.team} onDone={done} onClose={dialogs.close} returnFocus={dialog.opener} /> : null}
      {dialog?.kind === 'delete' ? (
        <ConfirmDialog
          title={`Delete team ${dialog.team.teamName}?`}
          confirmLabel="Delete"
          variant="danger"
          returnFocus={dialog.opener}
          onConfirm={() => deleteTeam(dialog.team.id)}
          onDone={(res) =>
            done(
              `Deleted team ${res.data.teamName}: ${plural(res.data.removedMembers, 'membership')} and ${plural(res.data.removedBindings, 'resource role')} removed.`,
            )
          }
          onClose={dialogs.close}
        >
          <p>
            Its {plural(dialog.team.memberCount, 'member')} stay in the tenant but lose the resource roles granted through this team. This cannot be undone.
          </p>
        </ConfirmDialog>
      ) : null}
    </>
  );
}
