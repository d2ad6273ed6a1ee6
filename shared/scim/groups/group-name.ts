import { isEveryoneTeam } from '../../teams/everyone-team.js';
import { isValidTeamName, TEAM_NAME_RULE } from '../../teams/team.js';
import { invalidValue } from '../scim-errors.js';

/** A group's displayName is a team name: the one team-name rule, and not the implicit `everyone`. */
export function assertGroupName(name: unknown): string {
  if (typeof name !== 'string' || name === '') throw invalidValue('Attribute "displayName" is required');
  if (!isValidTeamName(name)) throw invalidValue(`displayName "${name}" is not a valid team name: ${TEAM_NAME_RULE}`);
  if (isEveryoneTeam(name)) throw invalidValue(`displayName "${name}" is reserved for the implicit team of every user`);
  return name;
}
