/**
 * Access > Teams > a team (`/teams/{id}`): its details, and its people by page
 * with their roles, for a team of any size (`everyone`, large SCIM groups). For
 * a SCIM group the name the IdP gave it is shown beside the team name derived
 * from it, where they differ. Edit and Delete are offered only where the API
 * would allow them: never for SCIM-managed teams (the IdP owns their people)
 * or `everyone`, edit for admins and the team's managers, delete for admins.
 */
import { useState } from 'react';
import { deleteTeam, getTeam, listTeamPeoplePage } from '../../api/teams.js';
import type { Team } from '../../api/types.js';
import { ConfirmDialog } from '../../components/ConfirmDialog.js';
import { Link } from '../../components/Link.js';
import { PageHeader } from '../../components/PageHeader.js';
import { Pagination } from '../../components/Pagination.js';
import { Alert, StatusRegion } from '../../components/StatusMessage.js';
import { Table } from '../../components/Table.js';
import { When } from '../../components/When.js';
import { plural } from '../../format.js';
import { useDialogState } from '../../hooks/useDialogState.js';
import { useResource } from '../../hooks/useResource.js';
import { navigate } from '../../navigation.js';
import { ROUTES, userPath } from '../../router.js';
import { isAdmin, useSessionInfo } from '../../session/SessionContext.js';
import { TeamFormDialog } from './TeamFormDialog.js';
import { idpNameOf, teamNote, teamSourceLabel } from './team-notes.js';

const PAGE_SIZE = 50;

export function TeamPage({ teamId }: { teamId: string }) {
  const admin = isAdmin(useSessionInfo());
  const team = useResource((signal) => getTeam(teamId, signal).then((r) => r.data), [teamId]);
  const dialogs = useDialogState<{ kind: 'edit' | 'delete'; opener: HTMLElement }>();
  const [version, setVersion] = useState(0);
  const data = team.data;
  const note = data ? teamNote(data) : undefined;
  const deletable = admin && data !== undefined && !data.metadata.implicit && !data.metadata.createdByScim;

  const done = (message: string) => {
    dialogs.finish(message);
    void team.reload();
    setVersion((v) => v + 1);
  };
  const open = (kind: 'edit' | 'delete') => (event: { currentTarget: HTMLElement }) => dialogs.show({ kind, opener: event.currentTarget });

  return (
    <>
      <p className="breadcrumb">
        <Link href={ROUTES.teams.path}>Teams</Link>
      </p>
      <PageHeader
        title={data?.teamName ?? 'Team'}
        description={data?.description || undefined}
        actions={
          data && (!note || deletable) ? (
            <span className="row-buttons">
              {!note ? (
                <button type="button" className="button button-secondary" onClick={open('edit')}>
                  Edit team
                </button>
              ) : null}
              {deletable ? (
                <button type="button" className="button button-secondary button-danger-text" onClick={open('delete')}>
                  Delete team
                </button>
              ) : null}
            </span>
          ) : null
        }
      />
      <StatusRegion message={team.loading && !data ? 'Loading team…' : dialogs.notice} />
      <Alert error={team.error} />
      {data ? (
        <>
          <section className="card" aria-labelledby="team-details-heading">
            <h2 id="team-details-heading">Details</h2>
            {note ? <p className="note">{note}</p> : null}
            <TeamDetails team={data} />
          </section>
          <TeamPeople key={`${data.id}:${version}`} team={data} />
        </>
      ) : null}
      {dialogs.current?.kind === 'edit' && data ? (
        <TeamFormDialog team={data} onDone={done} onClose={dialogs.close} returnFocus={dialogs.current.opener} />
      ) : null}
      {dialogs.current?.kind === 'delete' && data ? (
        <ConfirmDialog
          title={`Delete team ${data.teamName}?`}
          confirmLabel="Delete"
          variant="danger"
          returnFocus={dialogs.current.opener}
          onConfirm={() => deleteTeam(data.id)}
          onDone={() => navigate(ROUTES.teams.path)}
          onClose={dialogs.close}
        >
          <p>Its {plural(data.memberCount, 'member')} stay in the tenant but lose the resource roles granted through this team. This cannot be undone.</p>
        </ConfirmDialog>
      ) : null}
    </>
  );
}

function TeamDetails({ team }: { team: Team }) {
  const idpName = idpNameOf(team);
  return (
    <dl className="profile">
      <dt>Team name</dt>
      <dd>{team.teamName}</dd>
      {idpName ? (
        <>
          <dt>Name in the identity provider</dt>
          <dd>{idpName}</dd>
        </>
      ) : null}
      {!team.metadata.createdByScim && team.displayName && team.displayName !== team.teamName ? (
        <>
          <dt>Display name</dt>
          <dd>{team.displayName}</dd>
        </>
      ) : null}
      <dt>Source</dt>
      <dd>{teamSourceLabel(team)}</dd>
      {team.metadata.scimExternalId ? (
        <>
          <dt>External id</dt>
          <dd>
            <code>{team.metadata.scimExternalId}</code>
          </dd>
        </>
      ) : null}
      <dt>Members</dt>
      <dd>{plural(team.memberCount, 'member')}</dd>
      {team.metadata.implicit ? null : (
        <>
          <dt>Created</dt>
          <dd>
            <When iso={team.createdAt} />
            {team.createdBySubject.subjectSlug && team.createdBySubject.subjectType === 'user' ? ` by ${team.createdBySubject.subjectSlug}` : null}
          </dd>
        </>
      )}
    </dl>
  );
}

/** The team's people by page: the API pages by token, so the tokens of the pages seen are kept to go back. */
function TeamPeople({ team }: { team: Team }) {
  const [tokens, setTokens] = useState<Array<string | undefined>>([undefined]);
  const [index, setIndex] = useState(0);
  const people = useResource((signal) => listTeamPeoplePage(team.id, { limit: PAGE_SIZE, pageToken: tokens[index] }, signal), [team.id, index]);
  const rows = people.data?.data ?? [];
  const total = people.data?.pagination.total ?? team.memberCount;
  const next = people.data?.pagination.nextPageToken;

  const turn = (offset: number) => {
    if (offset > index * PAGE_SIZE) {
      if (!next) return;
      setTokens((seen) => [...seen.slice(0, index + 1), next]);
      setIndex(index + 1);
    } else setIndex(Math.max(0, index - 1));
  };

  return (
    <section className="card" aria-labelledby="team-people-heading">
      <h2 id="team-people-heading">Members</h2>
      <Alert error={people.error} />
      <Table
        caption={`Members of ${team.teamName}`}
        columns={[
          { header: 'Email', cell: (m) => (m.email ? <Link href={userPath(m.userId)}>{m.email}</Link> : <span className="muted">(no email)</span>) },
          { header: 'Name', cell: (m) => m.displayName ?? <span className="muted">—</span> },
          { header: 'Role', cell: (m) => (m.role === 'manager' ? 'Manager' : 'Member') },
        ]}
        rows={rows}
        rowKey={(m) => m.userId}
        loading={people.loading}
        empty="No members."
      />
      <Pagination
        offset={index * PAGE_SIZE}
        limit={PAGE_SIZE}
        count={rows.length}
        total={total}
        disabled={people.loading}
        onChange={turn}
        label={`Members of ${team.teamName} pages`}
      />
    </section>
  );
}
