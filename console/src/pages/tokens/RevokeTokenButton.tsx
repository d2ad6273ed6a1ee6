/** A token row's Revoke button, named after the token; it hands itself to the dialog it opens, for focus to return to. */
import type { PersonalAccessToken } from '../../api/types.js';

export function RevokeTokenButton({ pat, onOpen }: { pat: PersonalAccessToken; onOpen: (opener: HTMLElement) => void }) {
  return (
    <button type="button" className="button button-ghost button-danger-text" aria-label={`Revoke ${pat.name}`} onClick={(event) => onOpen(event.currentTarget)}>
      Revoke
    </button>
  );
}
