/**
 * Deleting a user, guarded as the API guards it: the first attempt never
 * forces. When the API refuses because the user is still in teams or holds
 * resource roles, the dialog lists them and offers to remove exactly those and
 * then delete; nothing is removed unless the admin ticks that box.
 */
import { useState } from 'react';
import { deleteBlockersOf } from '../../api/delete-blockers.js';
import type { DeleteBlockers } from '../../api/types.js';
import { deleteUser } from '../../api/users.js';
import { CheckboxField } from '../../components/Field.js';
import { FormDialog } from '../../components/FormDialog.js';
import { useAction } from '../../hooks/useAction.js';
import { forceSummary } from './user-status.js';
import type { UserDialogProps } from './UserDialogs.js';

export function DeleteUserDialog({ user, onDone, onClose, opener, self }: Omit<UserDialogProps, 'action'>) {
  const [blocked, setBlocked] = useState<{ blockers: DeleteBlockers } | undefined>(undefined);
  const [force, setForce] = useState(false);
  // Resolves undefined when the API refused because of blockers: the dialog then shows them and stays open.
  const action = useAction(async () => {
    const forceDelete = Boolean(blocked) && force;
    try {
      return await deleteUser(user.id, forceDelete);
    } catch (error) {
      const blockers = deleteBlockersOf(error);
      // The refusal is the expected first answer for a user with access: it becomes the dialog's content.
      if (blockers && !forceDelete) {
        setBlocked({ blockers });
        return undefined;
      }
      throw error;
    }
  });

  const teams = blocked?.blockers.teams ?? [];
  const roles = blocked?.blockers.resourceRoles ?? [];
  return (
    <FormDialog
      title={`Delete ${user.email}?`}
      submitLabel={blocked ? 'Remove access and delete' : 'Delete'}
      variant="danger"
      submitDisabled={Boolean(blocked) && !force}
      size="wide"
      action={action}
      onDone={(deleted) => {
        if (deleted) onDone(`Deleted ${user.email}.`);
      }}
      onClose={onClose}
      returnFocus={opener}
    >
      <p>
        This permanently deletes {user.email} and their personal access tokens. Audit events about them are kept. This cannot be undone; to only stop their
        access, deactivate them instead.
      </p>
      {self ? <p className="warning-text">This is you: this console will be signed out at once.</p> : null}
      {blocked ? (
        <div className="blocked">
          <div role="alert" className="message message-warning">
            {user.email} still has access through the teams and resource roles below. Remove it first, or tick the box to remove it together with the user.
          </div>
          {teams.length ? (
            <>
              <h3 className="subheading">Teams ({teams.length})</h3>
              <ul className="plain-list">
                {teams.map((t) => (
                  <li key={t.id}>{t.name}</li>
                ))}
              </ul>
            </>
          ) : null}
          {roles.length ? (
            <>
              <h3 className="subheading">Resource roles ({roles.length})</h3>
              <ul className="plain-list">
                {roles.map((r) => (
                  <li key={`${r.resourceType}/${r.resourceId}/${r.role}`}>
                    <strong>{r.role}</strong> on {r.resourceType} <code>{r.resourceId}</code>
                  </li>
                ))}
              </ul>
            </>
          ) : null}
          <CheckboxField
            label="Also remove from these teams and resource roles"
            checked={force}
            onChange={(event) => setForce(event.target.checked)}
            hint={forceSummary(user.email, teams.length, roles.length)}
          />
        </div>
      ) : null}
    </FormDialog>
  );
}
