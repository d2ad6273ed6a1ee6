/**
 * A team the caller cannot change here: SCIM-managed teams (the IdP owns them)
 * and `everyone`. Shows who is in it, from the first page of members.
 */
import { listTeamPeoplePage } from '../../api/teams.js';
import type { Team } from '../../api/types.js';
import { Dialog, DialogActions } from '../../components/Dialog.js';
import { Alert } from '../../components/StatusMessage.js';
import { Table } from '../../components/Table.js';
import { useResource } from '../../hooks/useResource.js';
import { teamNote } from './team-notes.js';

const SHOWN = 200;

export function TeamViewDialog({ team, onClose, returnFocus }: { team: Team; onClose: () => void; returnFocus?: HTMLElement }) {
  const people = useResource((signal) => listTeamPeoplePage(team.id, SHOWN, signal), [team.id]);
  const rows = people.data?.data ?? [];
  const total = people.data?.pagination.total ?? team.memberCount;
  return (
    <Dialog title={`Team ${team.teamName}`} onClose={onClose} returnFocus={returnFocus} size="wide">
      <div className="dialog-body">
        <p className="note">{teamNote(team)}</p>
        {team.description ? <p>{team.description}</p> : null}
        <Alert error={people.error} />
        <Table
          caption={`Members of ${team.teamName}`}
          columns={[
            { header: 'Email', cell: (m) => m.email ?? <span className="muted">(no email)</span> },
            { header: 'Name', cell: (m) => m.displayName ?? <span className="muted">—</span> },
            { header: 'Role', cell: (m) => (m.role === 'manager' ? 'Manager' : 'Member') },
          ]}
          rows={rows}
          rowKey={(m) => m.userId}
          loading={people.loading}
          empty="No members."
        />
        {total > rows.length && rows.length > 0 ? (
          <p className="hint">
            Showing {rows.length} of {total} members.
          </p>
        ) : null}
      </div>
      <DialogActions>
        <button type="button" className="button button-secondary" onClick={onClose}>
          Close
        </button>
      </DialogActions>
    </Dialog>
  );
}
