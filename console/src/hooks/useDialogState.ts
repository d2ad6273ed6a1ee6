/**
 * The dialog a page has open and the notice (for its status region) that the
 * last action left. Opening a dialog clears the notice, which spoke of an
 * earlier action; finishing one closes it and announces what it did.
 */
import { useState } from 'react';

export interface DialogState<D> {
  /** The open dialog, if any. */
  current: D | undefined;
  notice: string | undefined;
  show: (dialog: D) => void;
  close: () => void;
  /** Closes the dialog and announces `message`. */
  finish: (message: string) => void;
  /** Announces `message` (or clears the notice) without touching the dialog. */
  announce: (message: string | undefined) => void;
}

export function useDialogState<D>(): DialogState<D> {
  const [current, setCurrent] = useState<D | undefined>(undefined);
  const [notice, setNotice] = useState<string | undefined>(undefined);
  return {
    current,
    notice,
    show: (dialog) => {
      setNotice(undefined);
      setCurrent(dialog);
    },
    close: () => setCurrent(undefined),
    finish: (message) => {
      setCurrent(undefined);
      setNotice(message);
    },
    announce: setNotice,
  };
}
