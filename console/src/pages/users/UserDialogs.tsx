/**
 * The dialog a row action opens. Each one calls the API, and on success hands
 * the page a message to announce; the page then reloads the list, so what is
 * shown is what the API now holds.
 */
import type { ReactNode } from 'react';
import type { User } from '../../api/types.js';
import { inviteUser, sendPasswordReset, setUserActive } from '../../api/users.js';
import { linkPageUrl } from '../public/link-pages.js';
import { ConfirmDialog } from '../../components/ConfirmDialog.js';
import type { ButtonVariant } from '../../components/PendingButton.js';
import { DeleteUserDialog } from './DeleteUserDialog.js';
import { RoleDialog } from './RoleDialog.js';

export type UserAction = 'role' | 'deactivate' | 'activate' | 'reset' | 'resend' | 'delete';

export interface UserDialogProps {
  action: UserAction;
  user: User;
  opener: HTMLElement;
  onDone: (message: string, changed?: User) => void;
  onClose: () => void;
  /** The row is the signed-in user: the dialogs say what the action does to this session. */
  self: boolean;
}

/** A row action that needs only a yes: what the dialog says, and the call with the message it ends with. */
interface Confirmation {
  title: string;
  confirmLabel: string;
  variant?: ButtonVariant;
  body: ReactNode;
  run: () => Promise<{ message: string; changed?: User }>;
}

const SELF_SIGN_OUT = <p className="warning-text">This is you: this console will be signed out at once.</p>;

const CONFIRMATIONS: Record<Exclude<UserAction, 'role' | 'delete'>, (user: User, self: boolean) => Confirmation> = {
  deactivate: (user, self) => ({
    title: `Deactivate ${user.email}?`,
    confirmLabel: 'Deactivate',
    variant: 'danger',
    body: (
      <>
        <p>
          They are signed out everywhere at once, cannot sign in, and their personal access tokens are revoked for good: activating them again later brings none
          back, they make new ones. Their teams and roles are kept.
        </p>
        {self ? SELF_SIGN_OUT : null}
      </>
    ),
    run: async () => ({ message: `Deactivated ${user.email}.`, changed: (await setUserActive(user.email, false)).data }),
  }),
  activate: (user) => ({
    title: `Activate ${user.email}?`,
    confirmLabel: 'Activate',
    body: <p>They can sign in again with their teams and roles. Sessions and personal access tokens that ended at deactivation stay ended.</p>,
    run: async () => ({ message: `Activated ${user.email}.`, changed: (await setUserActive(user.email, true)).data }),
  }),
  reset: (user) => ({
    title: `Reset password for ${user.email}?`,
    confirmLabel: 'Send reset link',
    body: <p>We email {user.email} a link to set a new password. The link works once, for one hour. Their current password keeps working until then.</p>,
    run: async () => ({ message: (await sendPasswordReset(user.email, linkPageUrl('reset-password'))).data.message }),
  }),
  resend: (user) => ({
    title: `Resend invite to ${user.email}?`,
    confirmLabel: 'Resend invite',
    body: <p>We email {user.email} a new link to accept the invite and set a password. The link in the earlier email stops working.</p>,
    run: async () => {
      await inviteUser(user.email, linkPageUrl('accept-invite'));
      return { message: `Sent a new invite to ${user.email}; the previous link no longer works.` };
    },
  }),
};

export function UserDialog(props: UserDialogProps) {
  const { action, user, opener, onDone, onClose, self } = props;
  if (action === 'role') return <RoleDialog {...props} />;
  if (action === 'delete') return <DeleteUserDialog {...props} />;
  const { body, run, ...confirmation } = CONFIRMATIONS[action](user, self);
  return (
    <ConfirmDialog {...confirmation} onConfirm={run} onDone={(done) => onDone(done.message, done.changed)} onClose={onClose} returnFocus={opener}>
      {body}
    </ConfirmDialog>
  );
}
