/**
 * `DELETE /collaborators`: removes the named subjects' roles on a resource, all
 * or none. A subject that holds no role there makes the request a 404 naming it,
 * and nothing is removed.
 */
import { actorOf, type UserPrincipal } from '../caller/principal.js';
import { recordAudit } from '../audit/audit-event.js';
import { NotFoundError } from '../errors/app-error.js';
import type { Table } from '../storage/table.js';
import { Transaction } from '../storage/transaction.js';
import type { RevokeCollaboratorsBody } from './collaborator-request.js';
import { roleBindingFromItem, roleBindingKey, RoleBindingRepository } from './role-binding-repository.js';
import { parseSubject, resolveSubjects } from './subject-ref.js';

export async function revokeRoles(
  table: Table,
  principal: UserPrincipal,
  request: RevokeCollaboratorsBody,
  requestId?: string,
): Promise<{ revoked: Array<{ subject: string; role: string }> }> {
  const tenantId = principal.tenant.id;
  const subjects = await resolveSubjects(
    table,
    tenantId,
    request.collaborators.map((c) => parseSubject(c.subject)!),
  );
  const keysOf = subjects.map((s) =>
    roleBindingKey({ tenantId, resourceType: request.resourceType, resourceId: request.resourceId, subjectType: s.type, subjectId: s.id }),
  );
  const held = new Map((await table.batchGet(keysOf)).map(roleBindingFromItem).map((b) => [`${b.subjectType}:${b.subjectId}`, b]));
  const missing = subjects.filter((s) => !held.has(`${s.type}:${s.id}`)).map((s) => s.subject);
  const resource = `${request.resourceType} ${request.resourceId}`;
  const notHeld = (names: string[]) =>
    new NotFoundError('role_binding.not_found', `No role on ${resource} is held by ${names.join(', ')}`, {
      details: names.map((subject) => ({ subject, message: `holds no role on ${resource}` })),
    });
  if (missing.length) throw notHeld(missing);

  const repository = new RoleBindingRepository(table);
  const tx = new Transaction(table);
  const revoked = subjects.map((s) => {
    const binding = held.get(`${s.type}:${s.id}`)!;
    repository.delete(tx, binding, () => notHeld([s.subject]));
    return { subject: s.subject, role: binding.role, subjectType: s.type, subjectId: s.id };
  });
  recordAudit(tx, {
    tenantId,
    actor: actorOf(principal),
    action: 'role_binding.revoked',
    target: { type: request.resourceType, id: request.resourceId },
    requestId,
    details: { revoked: revoked.map(({ subject, role }) => ({ subject, role })) },
    data: {
      resource: { type: request.resourceType, id: request.resourceId },
      bindings: revoked.map(({ subjectType, subjectId, role }) => ({ subjectType, subjectId, role })),
    },
  });
  await tx.commit();
  return { revoked: revoked.map(({ subject, role }) => ({ subject, role })) };
}
