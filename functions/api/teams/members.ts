/**
 * GET /teams/{id}/members and /managers: one page of a team's people, constant
 * cost per page whatever the team's size; `pageToken` from the previous page's
 * `pagination.nextPageToken` continues it.
 */
import { defineRoute } from '../../../shared/http/define-route.js';
import { callerOf } from '../../../shared/users/caller.js';
import { listTeamMembers } from '../../../shared/teams/list-team-members.js';
import { CursorQuery, ErrorResponse, TeamIdParams, TeamMemberPageResponse } from './schemas.js';

export const handler = defineRoute(
  {
    routes: ['teams.members', 'teams.managers'],
    summary: 'List a team’s members (or managers) by page',
    params: TeamIdParams,
    query: CursorQuery,
    responses: { 200: TeamMemberPageResponse, 400: ErrorResponse, 404: ErrorResponse },
  },
  async (req) => {
    const list = req.route.name === 'teams.managers' ? 'managers' : 'members';
    return { status: 200, body: await listTeamMembers(req.table, callerOf(req.principal), req.params.id, list, req.query) };
  },
);
