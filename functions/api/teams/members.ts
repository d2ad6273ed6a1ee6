/**
 * GET /teams/{id}/members and /managers: one page of a team's people, by `offset`
 * (up to 10,000) or, at constant cost per page whatever the team's size, by the
 * previous page's `pagination.nextPageToken`.
 */
import { defineRoute } from '../../../shared/http/define-route.js';
import { callerOf } from '../../../shared/caller/caller.js';
import { listTeamMembers } from '../../../shared/teams/list-team-members.js';
import { MemberPageQuery, ErrorResponse, TeamIdParams, TeamMemberPageResponse } from './schemas.js';

export const handler = defineRoute(
  {
    routes: ['teams.members', 'teams.managers'],
    summary: 'List a team’s members (or managers) by page',
    params: TeamIdParams,
    query: MemberPageQuery,
    responses: { 200: TeamMemberPageResponse, 400: ErrorResponse, 404: ErrorResponse },
  },
  async (req) => {
    const list = req.route.name === 'teams.managers' ? 'managers' : 'members';
    return { status: 200, body: await listTeamMembers(req.table, callerOf(req.principal), req.params.id, list, req.query) };
  },
);
