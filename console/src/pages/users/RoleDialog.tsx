/** Change role: Admin or Member, one tenant role per user (the API keeps the last active admin). */
import { useState } from 'react';
import type { TenantRole } from '../../api/types.js';
import { setUserRole } from '../../api/users.js';
import { FormDialog } from '../../components/FormDialog.js';
import { RadioGroup } from '../../components/RadioGroup.js';
import { useAction } from '../../hooks/useAction.js';
import { roleLabel, roleOf } from './user-status.js';
import type { UserDialogProps } from './UserDialogs.js';

const ROLES: Array<{ role: TenantRole; hint: string }> = [
  { role: 'tenant-admin', hint: 'Manages users, teams, provisioning and tokens of the tenant.' },
  { role: 'tenant-member', hint: 'Uses the platform; sees the users list and their own teams.' },
];

export function RoleDialog({ user, onDone, onClose, opener, self }: Omit<UserDialogProps, 'action'>) {
  const current = roleOf(user);
  const [role, setRole] = useState<TenantRole>(current);
  const action = useAction(() => setUserRole(user.email, role));

  return (
    <FormDialog
      title={`Change role of ${user.email}`}
      submitLabel="Change role"
      submitDisabled={role === current}
      action={action}
      onDone={(res) => onDone(`${user.email} is now ${roleLabel(role) === 'Admin' ? 'an Admin' : 'a Member'}.`, res.data)}
      onClose={onClose}
      returnFocus={opener}
    >
      <RadioGroup
        label="Role"
        name="role"
        value={role}
        onChange={setRole}
        choices={ROLES.map((option) => ({ value: option.role, label: roleLabel(option.role), hint: option.hint }))}
      />
      {self && role === 'tenant-member' && current === 'tenant-admin' ? (
        <p className="warning-text">This is you: you lose access to the admin pages and actions at once.</p>
      ) : null}
    </FormDialog>
  );
}
