/** The frame of the pages used without a session: sign-in, accepting an invite, resetting a password. */
import type { ReactNode } from 'react';

export function PublicLayout({ children }: { children: ReactNode }) {
  return (
    <div className="public">
      <main id="main" className="public-card" tabIndex={-1}>
        <p className="brand-name public-brand">Provisioning console</p>
        {children}
      </main>
    </div>
  );
}
