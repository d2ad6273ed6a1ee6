/** A short status label on a row: Admin, Invite Pending, Deactivated, SCIM, ... */
import type { ReactNode } from 'react';

export type TagTone = 'neutral' | 'accent' | 'warning' | 'danger' | 'info';

export function Tag({ tone = 'neutral', children }: { tone?: TagTone; children: ReactNode }) {
  return <span className={`tag tag-${tone}`}>{children}</span>;
}
