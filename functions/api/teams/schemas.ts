/** Request and response schemas shared by the team routes (TrueFoundry's shapes). */
import * as z from '../../../shared/validation/zod.js';
import { PageTokenParam } from '../../../shared/teams/page-token.js';
import { TeamMemberViewSchema } from '../../../shared/teams/list-team-members.js';
import { TeamViewSchema } from '../../../shared/teams/team-view.js';
import { Limit, Offset } from '../users/schemas.js';

export { ErrorResponse, Limit, Offset } from '../users/schemas.js';

/** Stored team ids are UUIDs; `everyone` names the implicit team. Bounded so no key can overflow. */
export const TeamIdParams = z.lazySchema(() => z.object({ id: z.string().check(z.minLength(1), z.maxLength(128)) }));

/** TrueFoundry's `limit` and `offset`, and our constant-cost `pageToken` beside them. */
export const MemberPageQuery = z.lazySchema(() => z.strictObject({ limit: Limit, offset: z.optional(Offset), pageToken: z.optional(PageTokenParam) }));

export const TeamResponse = z.lazySchema(() => z.object({ data: TeamViewSchema }));
export const TeamMemberPageResponse = z.lazySchema(() =>
  z.object({
    data: z.array(TeamMemberViewSchema),
    pagination: z.object({ total: z.int(), offset: z.int(), limit: z.int(), nextPageToken: z.optional(z.string()) }),
  }),
);
