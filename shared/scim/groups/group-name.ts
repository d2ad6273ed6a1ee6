/**
 * A group's displayName and the team name it gets. The displayName is kept as
 * the IdP sent it (returned unchanged, shown in the console); the team name is
 * derived from it (shared/teams/team-slug.ts) and follows a rename in the IdP,
 * as the strict rule's names always did: role bindings and memberships hold the
 * team's id, so a new name breaks nothing, and `displayName eq` filters stay one
 * key lookup. A tenant whose provisioning settings say `strict` instead refuses a
 * displayName that breaks the team-name rule, and its team name is the
 * displayName itself.
 */
import { isEveryoneTeam } from '../../teams/everyone-team.js';
import { isValidTeamName, TEAM_NAME_RULE, type Team } from '../../teams/team.js';
import { slugCandidates } from '../../teams/team-slug.js';
import type { TeamRepository } from '../../teams/team-repository.js';
import { scimGroupNamesOf, type Tenant } from '../../tenants/tenant.js';
import { UniquenessError } from '../../errors/app-error.js';
import { caseFold } from '../../users/identity-string.js';
import { invalidValue } from '../scim-errors.js';

/** Longest displayName kept: generous for any IdP, bounded for keys and audit events. */
export const MAX_GROUP_DISPLAY_NAME = 256;

/** The displayName as sent: a non-empty string of at most {@link MAX_GROUP_DISPLAY_NAME} characters. */
export function assertGroupDisplayName(displayName: unknown): string {
  if (typeof displayName !== 'string' || displayName.trim() === '') throw invalidValue('Attribute "displayName" is required');
  if (displayName.length > MAX_GROUP_DISPLAY_NAME) throw invalidValue(`displayName is at most ${MAX_GROUP_DISPLAY_NAME} characters`);
  return displayName;
}

/** The strict rule: a displayName that is itself a valid team name, not the implicit `everyone`. */
export function assertStrictGroupName(name: string): string {
  if (!isValidTeamName(name)) throw invalidValue(`displayName "${name}" is not a valid team name: ${TEAM_NAME_RULE}`);
  if (isEveryoneTeam(name)) throw invalidValue(`displayName "${name}" is reserved for the implicit team of every user`);
  return name;
}

export const isStrict = (tenant: Pick<Tenant, 'scimGroupNames'>): boolean => scimGroupNamesOf(tenant) === 'strict';

/** The name a new group tries first, without a read: strict, the displayName; otherwise its slug. */
export function teamNameToTry(tenant: Pick<Tenant, 'scimGroupNames'>, displayName: string): string {
  return isStrict(tenant) ? assertStrictGroupName(displayName) : slugCandidates(displayName)[0];
}

/** A write refused because a team already holds the name (the name marker's condition). */
export const isNameTaken = (error: unknown): boolean => error instanceof UniquenessError && error.code === 'team.name_taken';

/**
 * The team name for a group named `displayName` (`self`: the group being
 * renamed): in strict mode the displayName; otherwise its slug, or the slug with
 * its stable suffix when another team holds the slug. When both are taken the
 * write goes ahead with the suffixed name and the name marker's condition answers
 * the uniqueness 409.
 */
export async function teamNameForGroup(teams: TeamRepository, tenant: Tenant, displayName: string, self?: Pick<Team, 'id'>): Promise<string> {
  if (isStrict(tenant)) return assertStrictGroupName(displayName);
  const [slug, suffixed] = slugCandidates(displayName);
  const holder = await teams.getByName(tenant.id, slug);
  if (!holder || holder.id === self?.id) return slug;
  // Group names are unique per tenant under the fold `displayName eq` filters use, so a
  // name in another normal form or case is the same name, not a second chance at a slug.
  if (holder.source === 'scim' && sameGroupName(groupDisplayName(holder), displayName)) {
    throw new UniquenessError('team.name_taken', `A group with displayName "${displayName}" already exists in this tenant`);
  }
  return suffixed;
}

/**
 * Whether two displayNames name one group: equal under {@link caseFold}, the
 * comparison a `displayName eq` filter makes, so no filter finds two groups.
 */
export const sameGroupName = (a: string, b: string): boolean => caseFold(a) === caseFold(b);

/** The SCIM displayName of a group: as sent, or (groups stored before it was kept) the team name. */
export const groupDisplayName = (team: Pick<Team, 'displayName' | 'name'>): string => team.displayName ?? team.name;
