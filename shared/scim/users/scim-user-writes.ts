/**
 * Creating and changing users through SCIM. Each change is one transaction of
 * the user item, its uniqueness markers, the lifecycle effects (Cognito disable
 * or enable through the identity-sync outbox) and the audit event. PATCH is
 * computed in memory from every operation and validated as a whole before that
 * one transaction, so it applies completely or not at all.
 *
 * Without If-Match a lost version race is retried on a fresh read (bounded);
 * with If-Match it is a 412.
 */
import { userState } from '../../events/event-state.js';
import { randomUUID } from 'node:crypto';
import { diffAttributes, recordAudit } from '../../audit/audit-event.js';
import { NotFoundError, PayloadTooLargeError } from '../../errors/app-error.js';
import { Transaction } from '../../storage/transaction.js';
import { addLifecycleEffects } from '../../users/lifecycle.js';
import { addScimLoginEmailChangeEffects, applyScimLoginEmailChange } from '../../users/login-email-change.js';
import { UserRepository, UserVersionConflictError } from '../../users/user-repository.js';
import type { User } from '../../users/user.js';
import type { ScimDocument } from '../filter/evaluator.js';
import { requiredVersion } from '../etag.js';
import { applyPatch } from '../patch/patch-engine.js';
import type { PatchOperation } from '../patch/patch-request.js';
import { normalizeResource } from '../resource-input.js';
import { ENTERPRISE_USER_SCHEMA } from '../schemas/core-schemas.js';
import { USER_RESOURCE } from '../schemas/resource-types.js';
import { invalidValue } from '../scim-errors.js';
import type { ScimContext } from '../scim-context.js';
import { readComputeCommit } from '../../storage/lost-race.js';
import { ACTIVE_WHEN_UNASSIGNED, applyDocumentToUser, writableUserDocument } from '../user-document.js';

/**
 * The most a user's stored attributes may weigh. DynamoDB items hold 400 KB, and
 * the audit event of a change carries the changed attributes before and after.
 */
export const MAX_USER_BYTES = 150_000;

function assertStorable(user: User): void {
  const size = Buffer.byteLength(JSON.stringify(user), 'utf8');
  if (size > MAX_USER_BYTES) {
    throw new PayloadTooLargeError('scim.resource_too_large', `The user's attributes take ${size} bytes; at most ${MAX_USER_BYTES} can be stored`);
  }
}

export class ScimUserNotFoundError extends NotFoundError {
  constructor(id: string) {
    super('user.not_found', `User ${id} not found`);
  }
}

export async function createScimUser(ctx: ScimContext, body: unknown): Promise<User> {
  const { doc } = normalizeResource(USER_RESOURCE, body);
  const now = new Date().toISOString();
  const blank: User = {
    tenantId: ctx.tenant.id,
    id: randomUUID(),
    userName: '',
    emails: [],
    active: true,
    role: 'tenant-member',
    source: 'scim',
    inviteAccepted: true,
    hasPassword: false,
    createdAt: now,
    updatedAt: now,
    version: 1,
  };
  const user = applyDocumentToUser(blank, doc);
  assertStorable(user);
  await assertManagerExists(ctx, user, undefined);
  const tx = new Transaction(ctx.table);
  new UserRepository(ctx.table).create(tx, user);
  addLifecycleEffects(tx, ctx.tenant, undefined, user);
  recordAudit(tx, {
    tenantId: ctx.tenant.id,
    actor: ctx.actor,
    action: 'user.created',
    target: { type: 'user', id: user.id, slug: user.userName },
    requestId: ctx.requestId,
    changes: { after: writableUserDocument(user) },
    details: { source: 'scim', active: user.active },
    data: { user: userState(user) },
    sequence: user.version,
    // The creation's one instant: the audit item then stores it once (shared/events/audit-item-shape.ts).
    at: now,
  });
  await tx.commit();
  return user;
}

/** PUT: the body replaces every writable attribute; `active` absent keeps the current state. */
export async function replaceScimUser(ctx: ScimContext, id: string, body: unknown, ifMatch: string | undefined): Promise<User> {
  const { doc } = normalizeResource(USER_RESOURCE, body);
  return changeUser(ctx, id, ifMatch, () => doc);
}

/**
 * PATCH: the operations apply to the current document; an attribute they remove is
 * unassigned afterwards (unlike PUT, where absent `active` keeps the state).
 */
export async function patchScimUser(ctx: ScimContext, id: string, operations: PatchOperation[], ifMatch: string | undefined): Promise<User> {
  return changeUser(ctx, id, ifMatch, (current) => {
    const patched = applyPatch(writableUserDocument(current), operations, { resource: USER_RESOURCE, id: current.id });
    const { doc } = normalizeResource(USER_RESOURCE, patched);
    return { ...doc, active: doc.active ?? ACTIVE_WHEN_UNASSIGNED };
  });
}

/** Reads the user, computes the new document, writes it in one transaction; retries a lost race without If-Match. */
async function changeUser(ctx: ScimContext, id: string, ifMatch: string | undefined, compute: (current: User) => ScimDocument): Promise<User> {
  const users = new UserRepository(ctx.table);
  return readComputeCommit(
    async () => {
      const current = await users.get(ctx.tenant.id, id);
      if (!current) throw new ScimUserNotFoundError(id);
      requiredVersion(ifMatch, current.version, `User ${id}`);
      const draft = applyDocumentToUser(current, compute(current));
      const before = writableUserDocument(current);
      const after = writableUserDocument(draft);
      if (JSON.stringify(before) === JSON.stringify(after)) return current;
      assertStorable(draft);
      await assertManagerExists(ctx, draft, current);
      const now = new Date().toISOString();
      const next: User = applyScimLoginEmailChange(current, { ...draft, updatedAt: now, version: current.version + 1 }, now);
      const tx = new Transaction(ctx.table);
      users.update(tx, current, next);
      addLifecycleEffects(tx, ctx.tenant, current, next);
      addScimLoginEmailChangeEffects(tx, ctx.tenant, current, next, { actor: ctx.actor, requestId: ctx.requestId });
      recordAudit(tx, {
        tenantId: ctx.tenant.id,
        actor: ctx.actor,
        action: current.active === next.active ? 'user.updated' : next.active ? 'user.activated' : 'user.deactivated',
        target: { type: 'user', id, slug: next.userName },
        requestId: ctx.requestId,
        changes: diffAttributes(before, after),
        data: { user: userState(next) },
        sequence: next.version,
      });
      await tx.commit();
      return next;
    },
    { lostRace: (error) => error instanceof UserVersionConflictError, preconditioned: () => ifMatch !== undefined },
  );
}

/** A manager must be another user of the same tenant (one GetItem, only when the manager changes). */
async function assertManagerExists(ctx: ScimContext, user: User, before: User | undefined): Promise<void> {
  const managerOf = (u: User | undefined) => ((u?.scim?.[ENTERPRISE_USER_SCHEMA] as ScimDocument | undefined)?.manager as ScimDocument | undefined)?.value;
  const manager = managerOf(user);
  if (manager === undefined || manager === managerOf(before)) return;
  if (manager === user.id) throw invalidValue('A user cannot be their own manager');
  const found = await new UserRepository(ctx.table).get(ctx.tenant.id, String(manager));
  if (!found) throw invalidValue(`manager "${String(manager)}" is not a user of this tenant`);
}
