/** Why a team is read-only here, in the words the Teams page uses. */
import type { Team } from '../../api/types.js';

export const SCIM_TEAM_NOTE = 'Managed by your identity provider (SCIM); change it there.';
export const EVERYONE_TEAM_NOTE = 'Every active user of the tenant is in this team; it cannot be changed.';
export const MANAGERS_ONLY_NOTE = 'Only tenant admins and this team’s managers can change it.';

/** The read-only note for a team, or undefined when the caller edits it here. */
export function teamNote(team: Pick<Team, 'metadata' | 'isEditable'>): string | undefined {
  if (team.metadata.implicit) return EVERYONE_TEAM_NOTE;
  if (team.metadata.createdByScim) return SCIM_TEAM_NOTE;
  return team.isEditable ? undefined : MANAGERS_ONLY_NOTE;
}
