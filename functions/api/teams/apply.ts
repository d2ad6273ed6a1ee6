/** PUT /teams: create or update a team from its manifest, matched by name (201 created, 200 updated). */
import * as z from '../../../shared/validation/zod.js';
import { defineRoute } from '../../../shared/http/define-route.js';
import { callerOf } from '../../../shared/caller/caller.js';
import { applyTeamManifest } from '../../../shared/teams/apply-team-manifest.js';
import { ApplyTeamBodySchema } from '../../../shared/teams/team-manifest.js';
import { TeamViewSchema, teamView } from '../../../shared/teams/team-view.js';
import { inlineMembersOf } from '../../../shared/teams/inline-members.js';
import { ErrorResponse } from './schemas.js';

const Changes = z.object({ added: z.array(z.string()), removed: z.array(z.string()), roleChanged: z.array(z.string()) });
const ApplyResponse = z.object({ data: TeamViewSchema, changes: Changes, dryRun: z.boolean() });

export const handler = defineRoute(
  {
    routes: ['teams.apply'],
    summary:
      'Create (tenant admins) or update (admins and the team’s managers) a team from its manifest; members and managers by email (at most 250 people), unknown emails are a 400 and nothing changes; SCIM-managed teams and `everyone` are 409',
    body: ApplyTeamBodySchema,
    responses: { 200: ApplyResponse, 201: ApplyResponse, 400: ErrorResponse, 403: ErrorResponse, 409: ErrorResponse, 412: ErrorResponse },
  },
  async (req) => {
    const dryRun = req.body.dryRun ?? false;
    const result = await applyTeamManifest(req.table, callerOf(req.principal), req.body.manifest, { dryRun, requestId: req.requestId });
    // A dry run shows the manifest as sent: nothing was written to read back.
    const inline = dryRun
      ? { members: [...req.body.manifest.members].sort(), managers: [...(req.body.manifest.managers ?? [])].sort() }
      : await inlineMembersOf(req.table, result.team);
    return {
      status: result.created && !dryRun ? 201 : 200,
      body: { data: teamView(result.team, true, inline), changes: result.changes, dryRun },
    };
  },
);
