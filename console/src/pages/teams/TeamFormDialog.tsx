/**
 * Create a team, or edit one's details, members and managers. People are
 * picked by searching the tenant's users (./PeoplePicker.tsx); the API still
 * refuses an email it does not know (someone deleted meanwhile), with nothing
 * changed, and the dialog shows its message. Editing loads every current member
 * first, so the manifest sent is the whole desired team.
 */
import { useState } from 'react';
import { applyTeam, findTeamByName, listAllTeamPeople } from '../../api/teams.js';
import { ApiError } from '../../api/errors.js';
import type { Team } from '../../api/types.js';
import { TextAreaField, TextField } from '../../components/Field.js';
import { FormDialog } from '../../components/FormDialog.js';
import { Alert } from '../../components/StatusMessage.js';
import { plural } from '../../format.js';
import { useAction } from '../../hooks/useAction.js';
import { useResource } from '../../hooks/useResource.js';
import { PeoplePicker } from './PeoplePicker.js';
import { manifestFrom, peopleOf, TEAM_NAME_HINT, type PickedPerson, type TeamFormValues } from './team-form.js';

const EMPTY: TeamFormValues = { name: '', displayName: '', description: '', members: [], managers: [] };

export function TeamFormDialog({
  team,
  onDone,
  onClose,
  returnFocus,
}: {
  team?: Team;
  onDone: (message: string) => void;
  onClose: () => void;
  returnFocus?: HTMLElement;
}) {
  const editing = team !== undefined;
  const [values, setValues] = useState<TeamFormValues>(() =>
    team ? { ...EMPTY, name: team.teamName, displayName: team.displayName ?? '', description: team.description ?? '' } : EMPTY,
  );
  const [peopleLoaded, setPeopleLoaded] = useState(!editing);
  const people = useResource(
    async (signal) => {
      if (!team) return undefined;
      const loaded = peopleOf(await listAllTeamPeople(team.id, signal));
      setValues((v) => ({ ...v, members: loaded.members, managers: loaded.managers }));
      setPeopleLoaded(true);
      return loaded;
    },
    [team?.id],
  );
  const withoutEmail = people.data?.withoutEmail ?? 0;

  const action = useAction(async () => {
    const result = manifestFrom(values);
    if ('problem' in result) throw new ApiError(400, 'console.invalid', result.problem);
    if (!editing) {
      const existing = await findTeamByName(result.manifest.name);
      if (existing) throw new ApiError(409, 'console.team_exists', `A team named ${existing.teamName} already exists; edit that team instead.`);
    }
    const applied = await applyTeam(result.manifest);
    const { added, removed, roleChanged } = applied.changes;
    const summary = [
      added.length ? `${plural(added.length, 'person', 'people')} added` : '',
      removed.length ? `${removed.length} removed` : '',
      roleChanged.length ? `${roleChanged.length} changed role` : '',
    ]
      .filter(Boolean)
      .join(', ');
    return `${editing ? 'Saved' : 'Created'} team ${applied.data.teamName}${summary ? ` (${summary})` : ''}.`;
  });

  const set = (field: 'name' | 'displayName' | 'description') => (event: { target: { value: string } }) =>
    setValues((v) => ({ ...v, [field]: event.target.value }));
  const setPeople = (field: 'members' | 'managers') => (people: PickedPerson[]) => setValues((v) => ({ ...v, [field]: people }));
  const blocked = editing && (!peopleLoaded || withoutEmail > 0);

  return (
    <FormDialog
      title={editing ? `Edit team ${team.teamName}` : 'Create team'}
      submitLabel={editing ? 'Save team' : 'Create team'}
      submitDisabled={blocked}
      size="wide"
      action={action}
      onDone={onDone}
      onClose={onClose}
      returnFocus={returnFocus}
      alerts={
        <>
          <Alert error={people.error} />
          {withoutEmail > 0 ? (
            <Alert>{plural(withoutEmail, 'member has', 'members have')} no email address, so this team cannot be edited here without removing them.</Alert>
          ) : null}
        </>
      }
    >
      {editing ? null : (
        <TextField
          label="Name"
          required
          value={values.name}
          onChange={set('name')}
          pattern="[A-Za-z0-9_\-]{1,36}"
          maxLength={36}
          autoComplete="off"
          hint={TEAM_NAME_HINT}
        />
      )}
      <TextField label="Display name (optional)" value={values.displayName} onChange={set('displayName')} maxLength={100} autoComplete="off" />
      <TextAreaField label="Description (optional)" value={values.description} onChange={set('description')} maxLength={1000} rows={2} />
      <div className="field-row">
        <PeoplePicker
          label="Members"
          people={values.members}
          onChange={setPeople('members')}
          disabled={!peopleLoaded}
          hint="Type part of an email address or a name, then pick the person."
        />
        <PeoplePicker
          label="Managers"
          people={values.managers}
          onChange={setPeople('managers')}
          disabled={!peopleLoaded}
          hint="Managers are members who can also edit this team."
        />
      </div>
      {editing && !peopleLoaded && !people.error ? <p className="hint">Loading members…</p> : null}
    </FormDialog>
  );
}
