/** The teams routes of the admin API (`/api/svc/v1/teams...`). */
import { request } from './http.js';
import { queryString, segment } from './query.js';
import type { Page, Team, TeamApplyResult, TeamManifest, TeamMember, TeamMemberPage } from './types.js';

const TEAMS = '/api/svc/v1/teams';

/** Teams the caller can see (every team for admins), `everyone` first. */
export const listTeams = (q: { limit: number; offset: number }, signal?: AbortSignal) =>
  request<Page<Team>>('GET', `${TEAMS}/user${queryString(q)}`, { signal });

/** Creates or updates the team the manifest names (201 created, 200 updated). */
export const applyTeam = (manifest: TeamManifest) => request<TeamApplyResult>('PUT', TEAMS, { body: { manifest } });

export const deleteTeam = (id: string) =>
  request<{ data: { id: string; teamName: string; deleted: true; removedMembers: number; removedBindings: number } }>('DELETE', `${TEAMS}/${segment(id)}`);

/** Every person in a team with their role (managers are members with the manager role), following the page tokens. */
export async function listAllTeamPeople(teamId: string, signal?: AbortSignal): Promise<TeamMember[]> {
  const people: TeamMember[] = [];
  let pageToken: string | undefined;
  do {
    const page: TeamMemberPage = await request<TeamMemberPage>('GET', `${TEAMS}/${segment(teamId)}/members${queryString({ limit: 1000, pageToken })}`, {
      signal,
    });
    people.push(...page.data);
    pageToken = page.pagination.nextPageToken;
  } while (pageToken);
  return people;
}

/** A team the caller can see (`everyone` included); 404 for any other. */
export const getTeam = (id: string, signal?: AbortSignal) => request<{ data: Team }>('GET', `${TEAMS}/${segment(id)}`, { signal });

/**
 * One page of a team's people with their roles, for a team of any size (`everyone`, SCIM groups):
 * the first page without `pageToken`, each next one with the previous page's `nextPageToken`.
 */
export const listTeamPeoplePage = (teamId: string, q: { limit: number; pageToken?: string }, signal?: AbortSignal) =>
  request<TeamMemberPage>('GET', `${TEAMS}/${segment(teamId)}/members${queryString(q)}`, { signal });

/**
 * The team the caller can see with this name (case-insensitive), if any. PUT
 * /teams matches by name, so "create" checks first rather than silently
 * replacing an existing team's members.
 */
export async function findTeamByName(name: string): Promise<Team | undefined> {
  const wanted = name.toLowerCase();
  for (let offset = 0; ; offset += 1000) {
    const page = await listTeams({ limit: 1000, offset });
    const found = page.data.find((t) => t.teamName.toLowerCase() === wanted);
    if (found) return found;
    if (offset + page.data.length >= page.pagination.total || page.data.length === 0) return undefined;
  }
}
