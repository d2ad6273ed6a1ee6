/** Rotate the SCIM token: a new one now, the old one ending now or after a grace period (at most 24 hours). */
import { useState } from 'react';
import { createScimToken } from '../../api/provisioning.js';
import type { ScimTokenCreated } from '../../api/types.js';
import { SelectField } from '../../components/Field.js';
import { FormDialog } from '../../components/FormDialog.js';
import { useAction } from '../../hooks/useAction.js';

export const GRACE_CHOICES = [
  { seconds: 0, label: 'No grace period' },
  { seconds: 3600, label: '1 hour' },
  { seconds: 4 * 3600, label: '4 hours' },
  { seconds: 24 * 3600, label: '24 hours' },
] as const;

export function RotateDialog({
  onDone,
  onClose,
  returnFocus,
}: {
  onDone: (result: ScimTokenCreated, graceSeconds: number) => void;
  onClose: () => void;
  returnFocus: HTMLElement;
}) {
  const [grace, setGrace] = useState(0);
  const action = useAction(() => createScimToken(grace));
  return (
    <FormDialog
      title="Rotate the SCIM token?"
      submitLabel="Rotate token"
      action={action}
      onDone={(result) => onDone(result, grace)}
      onClose={onClose}
      returnFocus={returnFocus}
    >
      <p>A new token is created and shown once. Update your identity provider with it.</p>
      <SelectField
        label="Keep the current token working for"
        value={grace}
        onChange={(event) => setGrace(Number(event.target.value))}
        hint={grace === 0 ? 'The current token stops working immediately.' : 'Both tokens work until the grace period ends.'}
      >
        {GRACE_CHOICES.map((c) => (
          <option key={c.seconds} value={c.seconds}>
            {c.label}
          </option>
        ))}
      </SelectField>
    </FormDialog>
  );
}
