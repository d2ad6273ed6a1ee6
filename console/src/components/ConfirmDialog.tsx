/**
 * "Are you sure?" for one API action: the button names the action
 * ("Deactivate", "Revoke"), is disabled with a spinner while it runs, and the
 * API's message appears in the dialog when it fails (the dialog stays open).
 */
import type { ReactNode } from 'react';
import { useAction } from '../hooks/useAction.js';
import type { ButtonVariant } from './PendingButton.js';
import { FormDialog } from './FormDialog.js';

export interface ConfirmDialogProps<R> {
  title: string;
  confirmLabel: string;
  /** Runs the action; its result goes to `onDone`. */
  onConfirm: () => Promise<R>;
  onDone: (result: R) => void;
  onClose: () => void;
  children?: ReactNode;
  variant?: ButtonVariant;
  returnFocus?: HTMLElement | null;
}

export function ConfirmDialog<R>({ confirmLabel, onConfirm, ...dialog }: ConfirmDialogProps<R>) {
  const action = useAction(onConfirm);
  return <FormDialog {...dialog} submitLabel={confirmLabel} action={action} />;
}
