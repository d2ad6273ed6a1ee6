/** The User endpoints' operations (shared by the HTTP handlers and Bulk). */
import { UserRepository } from '../../users/user-repository.js';
import { matchesNoneMatch, etagOf } from '../etag.js';
import { userLocation } from '../locations.js';
import { parsePatchRequest } from '../patch/patch-request.js';
import { Projection } from '../projection.js';
import { listRequestFromQuery, listRequestFromSearch } from '../query/list-request.js';
import { runQuery } from '../query/run-query.js';
import { userSource } from '../query/user-source.js';
import { USER_RESOURCE } from '../schemas/resource-types.js';
import type { ScimContext } from '../scim-context.js';
import { createScimUser, patchScimUser, replaceScimUser, ScimUserNotFoundError } from '../users/scim-user-writes.js';
import { renderUsers } from '../users/scim-user-reads.js';
import { userToDocument } from '../user-document.js';
import { deleteUser } from '../../removal/delete-user.js';
import type { User } from '../../users/user.js';
import { requiredVersion } from '../etag.js';
import { resourceResult, type ScimInput, type ScimResult } from './scim-result.js';

/**
 * The answer about a user already in hand (read, or just written): reads nothing more
 * unless the projection asks for `groups`, which are returned on request only.
 */
async function answer(ctx: ScimContext, user: User, status: number, input: ScimInput): Promise<ScimResult> {
  const projection = Projection.fromQuery(USER_RESOURCE, input.query);
  // A user created by this request belongs to no group yet: nothing to read, even when asked,
  // so nothing after the commit can fail a create that succeeded.
  const [doc] = status === 201 ? [projection.apply(userToDocument(user, []))] : await renderUsers(ctx.table, ctx.tenant.id, [user], projection);
  return resourceResult(status, doc, user.version, userLocation(ctx.tenant.id, user.id));
}

export async function getUser(ctx: ScimContext, input: ScimInput): Promise<ScimResult> {
  const user = await new UserRepository(ctx.table).get(ctx.tenant.id, input.id!);
  if (!user) throw new ScimUserNotFoundError(input.id!);
  if (matchesNoneMatch(input.ifNoneMatch, user.version)) return { status: 304, headers: { ETag: etagOf(user.version) } };
  return answer(ctx, user, 200, input);
}

export async function createUser(ctx: ScimContext, input: ScimInput): Promise<ScimResult> {
  return answer(ctx, await createScimUser(ctx, input.body), 201, input);
}

export async function replaceUser(ctx: ScimContext, input: ScimInput): Promise<ScimResult> {
  return answer(ctx, await replaceScimUser(ctx, input.id!, input.body, input.ifMatch), 200, input);
}

export async function patchUser(ctx: ScimContext, input: ScimInput): Promise<ScimResult> {
  const operations = parsePatchRequest(input.body);
  return answer(ctx, await patchScimUser(ctx, input.id!, operations, input.ifMatch), 200, input);
}

/** The IdP is the source of truth: the user's team memberships and resource roles go with them. */
export async function removeUser(ctx: ScimContext, input: ScimInput): Promise<ScimResult> {
  let expectedVersion: number | undefined;
  if (input.ifMatch) {
    const current = await new UserRepository(ctx.table).get(ctx.tenant.id, input.id!);
    if (!current) throw new ScimUserNotFoundError(input.id!);
    expectedVersion = requiredVersion(input.ifMatch, current.version, `User ${input.id}`);
  }
  await deleteUser(ctx.table, { tenant: ctx.tenant, userId: input.id!, force: true, actor: ctx.actor, requestId: ctx.requestId, expectedVersion });
  return { status: 204 };
}

export async function listUsers(ctx: ScimContext, input: ScimInput, search: boolean): Promise<ScimResult> {
  const request = search ? listRequestFromSearch(input.body) : listRequestFromQuery(input.query);
  const projection = new Projection(USER_RESOURCE, request.attributes, request.excludedAttributes);
  return { status: 200, body: await runQuery(userSource(ctx.table, ctx.tenant.id), request, projection) };
}
