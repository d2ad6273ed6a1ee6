/** Why a team is read-only here, in the words the Teams pages use, and what they say of where it comes from. */
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

/** Where the team comes from, in the words of the Source column. */
export const teamSourceLabel = (team: Pick<Team, 'metadata'>): string =>
  team.metadata.implicit ? 'Built-in' : team.metadata.createdByScim ? 'SCIM (identity provider)' : 'Console or API';

/**
 * The name a SCIM group has in the IdP, when it differs from the team name derived from it
 * (the IdP's displayName is kept as sent; the team name is its slug); undefined otherwise.
 */
export function idpNameOf(team: Pick<Team, 'metadata' | 'displayName' | 'teamName'>): string | undefined {
  if (!team.metadata.createdByScim || !team.displayName) return undefined;
  return team.displayName === team.teamName ? undefined : team.displayName;
}
