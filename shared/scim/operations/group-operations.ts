/** The Group endpoints' operations (shared by the HTTP handlers and Bulk). */
import type { Team } from '../../teams/team.js';
import { etagOf, matchesNoneMatch } from '../etag.js';
import { createScimGroup, deleteScimGroup, getScimGroup, patchScimGroup, replaceScimGroup } from '../groups/scim-group-writes.js';
import { renderGroups } from '../groups/scim-group-reads.js';
import { groupToDocument } from '../group-document.js';
import { groupLocation } from '../locations.js';
import { parsePatchRequest } from '../patch/patch-request.js';
import { Projection } from '../projection.js';
import { groupSource } from '../query/group-source.js';
import { listRequestFromQuery, listRequestFromSearch } from '../query/list-request.js';
import { runQuery } from '../query/run-query.js';
import { GROUP_RESOURCE } from '../schemas/resource-types.js';
import type { ScimContext } from '../scim-context.js';
import { resourceResult, type ScimInput, type ScimResult } from './scim-result.js';

async function answer(ctx: ScimContext, team: Team, status: number, input: ScimInput): Promise<ScimResult> {
  const [doc] = await renderGroups(ctx.table, ctx.tenant.id, [team], Projection.fromQuery(GROUP_RESOURCE, input.query));
  return resourceResult(status, doc, team.version, groupLocation(ctx.tenant.id, team.id));
}

export async function getGroup(ctx: ScimContext, input: ScimInput): Promise<ScimResult> {
  const team = await getScimGroup(ctx, input.id!);
  if (matchesNoneMatch(input.ifNoneMatch, team.version)) return { status: 304, headers: { ETag: etagOf(team.version) } };
  return answer(ctx, team, 200, input);
}

export async function createGroup(ctx: ScimContext, input: ScimInput): Promise<ScimResult> {
  const { team, memberIds } = await createScimGroup(ctx, input.body);
  const projection = Projection.fromQuery(GROUP_RESOURCE, input.query);
  // The members were just written: answer from them rather than reading the edges back.
  const members = projection.wants('members') ? [...memberIds].sort().map((id) => ({ id })) : undefined;
  const doc = projection.apply(groupToDocument(team, members));
  return resourceResult(201, doc, team.version, groupLocation(ctx.tenant.id, team.id));
}

export async function replaceGroup(ctx: ScimContext, input: ScimInput): Promise<ScimResult> {
  return answer(ctx, await replaceScimGroup(ctx, input.id!, input.body, input.ifMatch), 200, input);
}

/** 204, as Entra ID and Okta expect; 200 with the group when the client asks for attributes. */
export async function patchGroup(ctx: ScimContext, input: ScimInput): Promise<ScimResult> {
  const operations = parsePatchRequest(input.body);
  const team = await patchScimGroup(ctx, input.id!, operations, input.ifMatch);
  const asked = Object.keys(input.query).some((k) => ['attributes', 'excludedattributes'].includes(k.toLowerCase()));
  if (asked) return answer(ctx, team, 200, input);
  return { status: 204, headers: { ETag: etagOf(team.version) }, location: groupLocation(ctx.tenant.id, team.id), version: team.version };
}

export async function removeGroup(ctx: ScimContext, input: ScimInput): Promise<ScimResult> {
  await deleteScimGroup(ctx, input.id!, input.ifMatch);
  return { status: 204 };
}

export async function listGroups(ctx: ScimContext, input: ScimInput, search: boolean): Promise<ScimResult> {
  const request = search ? listRequestFromSearch(input.body) : listRequestFromQuery(input.query);
  const projection = new Projection(GROUP_RESOURCE, request.attributes, request.excludedAttributes);
  return { status: 200, body: await runQuery(groupSource(ctx.table, ctx.tenant.id), request, projection) };
}
