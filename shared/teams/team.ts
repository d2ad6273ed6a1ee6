/**
 * Teams: SCIM groups and admin-made teams are the same thing. A team created by
 * SCIM belongs to the IdP (read-only in the admin API). Membership is one item per
 * (team, user) edge, never a list on the team item, so a team of 100,000 members
 * costs nothing to read or change beyond the edges touched.
 */

export type TeamSource = 'scim' | 'api';
export type TeamRole = 'member' | 'manager';

/** Letters, digits, `-` and `_`, at most 36 characters: the one team-name rule, for SCIM and the admin API. */
export const TEAM_NAME_PATTERN = /^[A-Za-z0-9_-]{1,36}$/;
export const TEAM_NAME_RULE = 'team names may contain only letters, digits, "-" and "_", and at most 36 characters';

export const isValidTeamName = (name: string): boolean => TEAM_NAME_PATTERN.test(name);

/** The implicit team of every active user: computed, never stored, never editable. */
export const EVERYONE_TEAM_NAME = 'everyone';

/** Who made a team: a user of the tenant (admin API) or the tenant's SCIM client. */
export interface TeamCreator {
  subjectType: 'user' | 'scim-client';
  subjectId: string;
  /** The user's login email at creation, for display. */
  subjectSlug?: string;
}

export interface Team {
  tenantId: string;
  id: string;
  /** Unique per tenant, case-insensitively; the SCIM displayName. */
  name: string;
  displayName?: string;
  description?: string;
  source: TeamSource;
  externalId?: string;
  memberCount: number;
  createdAt: string;
  updatedAt: string;
  version: number;
  /** Recorded at creation; absent on teams stored before it was (see `teamCreatorOf`). */
  createdBy?: TeamCreator;
}

/** A SCIM group: a team its IdP owns (the admin API shows it read-only). */
export const isScimTeam = (team: Pick<Team, 'source'>): boolean => team.source === 'scim';

export interface Membership {
  tenantId: string;
  teamId: string;
  userId: string;
  role: TeamRole;
  addedAt: string;
}
