/**
 * A dialog whose form runs one API action: its body, the action's error (the
 * API's message; the dialog stays open), Cancel, and the submit button that
 * names the action and shows progress while it runs. Submitting runs the
 * action; when it succeeds its value goes to `onDone`.
 */
import type { ReactNode } from 'react';
import type { Action } from '../hooks/useAction.js';
import { Dialog, DialogActions, type DialogProps } from './Dialog.js';
import { PendingButton, type ButtonVariant } from './PendingButton.js';
import { Alert } from './StatusMessage.js';

export interface FormDialogProps<R> {
  title: string;
  submitLabel: string;
  action: Action<[], R>;
  onDone: (result: R) => void;
  onClose: () => void;
  children?: ReactNode;
  /** Shown between the body and the action's error: a failed load, why the action cannot run yet. */
  alerts?: ReactNode;
  variant?: ButtonVariant;
  submitDisabled?: boolean;
  size?: DialogProps['size'];
  returnFocus?: HTMLElement | null;
}

export function FormDialog<R>({
  title,
  submitLabel,
  action,
  onDone,
  onClose,
  children,
  alerts,
  variant = 'primary',
  submitDisabled,
  size,
  returnFocus,
}: FormDialogProps<R>) {
  const submit = async () => {
    const result = await action.run();
    if (result) onDone(result.value);
  };
  return (
    <Dialog title={title} onClose={onClose} busy={action.pending} returnFocus={returnFocus} size={size}>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
        <div className="dialog-body">{children}</div>
        {alerts}
        <Alert error={action.error} />
        <DialogActions>
          <button type="button" className="button button-secondary" onClick={onClose} disabled={action.pending}>
            Cancel
          </button>
          <PendingButton type="submit" variant={variant} pending={action.pending} disabled={submitDisabled}>
            {submitLabel}
          </PendingButton>
        </DialogActions>
      </form>
    </Dialog>
  );
}
