/**
 * A modal dialog on the native `<dialog>` and `showModal()`: the browser traps
 * focus, makes the page behind inert and closes on Escape. Mounting opens it;
 * when it goes, focus returns to the element that opened it (or `returnFocus`,
 * when the opener was a menu item that no longer exists). Escape does nothing
 * while `busy`, so a running request is never orphaned.
 */
import { useEffect, useId, useRef, type ReactNode } from 'react';

export interface DialogProps {
  title: string;
  onClose: () => void;
  children: ReactNode;
  busy?: boolean;
  returnFocus?: HTMLElement | null;
  size?: 'normal' | 'wide';
}

export function Dialog({ title, onClose, children, busy = false, returnFocus, size = 'normal' }: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const returnRef = useRef(returnFocus);

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    const opener = returnRef.current ?? (document.activeElement instanceof HTMLElement ? document.activeElement : null);
    if (!dialog.open) dialog.showModal();
    return () => {
      if (dialog.open) dialog.close();
      // The opener can be gone (its row was deleted): the page's main region is the next best place.
      if (opener?.isConnected) opener.focus();
      else document.getElementById('main')?.focus();
    };
  }, []);

  return (
    <dialog
      ref={ref}
      className={`dialog dialog-${size}`}
      aria-labelledby={titleId}
      onCancel={(event) => {
        event.preventDefault();
        if (!busy) onClose();
      }}
      // The browser can close a modal on its own (a second Escape is not cancellable): keep the page in step.
      onClose={() => {
        if (ref.current?.isConnected) onClose();
      }}
    >
      <h2 id={titleId} className="dialog-title">
        {title}
      </h2>
      {children}
    </dialog>
  );
}

/** The row of buttons at the bottom of a dialog: Cancel first, the action last. */
export function DialogActions({ children }: { children: ReactNode }) {
  return <div className="dialog-actions">{children}</div>;
}
