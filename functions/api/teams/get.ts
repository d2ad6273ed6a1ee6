/** GET /teams/{id}: a team the caller can see (`everyone` included); 404 for any other. */
import { defineRoute } from '../../../shared/http/define-route.js';
import { callerOf } from '../../../shared/caller/caller.js';
import { requireVisibleTeam, canManage } from '../../../shared/teams/team-access.js';
import { everyoneTeamView, teamView } from '../../../shared/teams/team-view.js';
import { inlineMembersOf } from '../../../shared/teams/inline-members.js';
import { UserRepository } from '../../../shared/users/user-repository.js';
import { ErrorResponse, TeamIdParams, TeamResponse } from './schemas.js';

export const handler = defineRoute(
  {
    routes: ['teams.get'],
    summary: 'Get a team by id, its members inline in the manifest up to 250 people (above that, by page from /members and /managers)',
    params: TeamIdParams,
    responses: { 200: TeamResponse, 400: ErrorResponse, 404: ErrorResponse },
  },
  async (req) => {
    const caller = callerOf(req.principal);
    const visible = await requireVisibleTeam(req.table, caller, req.params.id);
    if (visible.kind === 'everyone') {
      const { active } = await new UserRepository(req.table).counts(caller.tenant.id);
      return { status: 200, body: { data: everyoneTeamView(caller.tenant, active) } };
    }
    const inline = await inlineMembersOf(req.table, visible.team);
    return { status: 200, body: { data: teamView(visible.team, canManage(visible.access), inline) } };
  },
);
