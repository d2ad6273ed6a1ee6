/** Register an endpoint: its URL, a description, and the event types it receives (all, or picked by group). */
import { useState } from 'react';
import { createEndpoint, type EndpointWithSecret } from '../../api/webhooks.js';
import { CheckboxField, TextField } from '../../components/Field.js';
import { FormDialog } from '../../components/FormDialog.js';
import { useAction } from '../../hooks/useAction.js';
import { EVENT_TYPE_GROUPS } from './event-types.js';

export function EndpointFormDialog({
  onDone,
  onClose,
  returnFocus,
}: {
  onDone: (created: EndpointWithSecret) => void;
  onClose: () => void;
  returnFocus: HTMLElement;
}) {
  const [url, setUrl] = useState('');
  const [description, setDescription] = useState('');
  const [all, setAll] = useState(true);
  const [picked, setPicked] = useState<Set<string>>(new Set());
  const action = useAction(() => createEndpoint({ url: url.trim(), description: description.trim() || undefined, eventTypes: all ? ['*'] : [...picked] }));
  const toggle = (type: string, on: boolean) =>
    setPicked((current) => {
      const next = new Set(current);
      if (on) next.add(type);
      else next.delete(type);
      return next;
    });
  return (
    <FormDialog
      title="Add a webhook endpoint"
      submitLabel="Add endpoint"
      action={action}
      onDone={onDone}
      onClose={onClose}
      returnFocus={returnFocus}
      size="wide"
      submitDisabled={url.trim() === '' || (!all && picked.size === 0)}
    >
      <TextField
        label="Endpoint URL"
        type="url"
        required
        value={url}
        onChange={(e) => setUrl(e.target.value)}
        hint="An https URL that accepts POST requests."
      />
      <TextField label="Description" value={description} maxLength={500} onChange={(e) => setDescription(e.target.value)} />
      <CheckboxField label="Send every event type, including future ones" checked={all} onChange={(e) => setAll(e.target.checked)} />
      {all ? null : (
        <div className="event-type-picker">
          {EVENT_TYPE_GROUPS.map((group) => (
            <fieldset key={group.heading} className="fieldset">
              <legend>{group.heading}</legend>
              {group.types.map((type) => (
                <CheckboxField key={type} label={type} checked={picked.has(type)} onChange={(e) => toggle(type, e.target.checked)} />
              ))}
            </fieldset>
          ))}
        </div>
      )}
    </FormDialog>
  );
}
