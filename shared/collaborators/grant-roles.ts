/**
 * `PUT /collaborators`: gives each named subject its role on a resource, replacing
 * a role it already held there. One transaction holds every binding, a check that
 * each subject still exists (a user or team deleted meanwhile fails the whole
 * request), and the audit event.
 */
import { actorOf, type UserPrincipal } from '../caller/principal.js';
import { recordAudit } from '../audit/audit-event.js';
import { NotFoundError } from '../errors/app-error.js';
import { keys } from '../storage/keys.js';
import type { Table } from '../storage/table.js';
import { Transaction } from '../storage/transaction.js';
import { EVERYONE_TEAM_ID } from '../teams/everyone-team.js';
import type { CollaboratorView, GrantCollaboratorsBody } from './collaborator-request.js';
import { roleBindingFromItem, roleBindingKey, RoleBindingRepository } from './role-binding-repository.js';
import type { RoleBinding } from './role-binding.js';
import { parseSubject, resolveSubjects } from './subject-ref.js';

export async function grantRoles(table: Table, principal: UserPrincipal, request: GrantCollaboratorsBody, requestId?: string): Promise<CollaboratorView[]> {
  const tenantId = principal.tenant.id;
  const subjects = await resolveSubjects(
    table,
    tenantId,
    request.collaborators.map((c) => parseSubject(c.subject)!),
  );
  const now = new Date().toISOString();
  const bindings: RoleBinding[] = subjects.map((s, i) => ({
    tenantId,
    resourceType: request.resourceType,
    resourceId: request.resourceId,
    subjectType: s.type,
    subjectId: s.id,
    role: request.collaborators[i]!.role,
    createdAt: now,
  }));
  const previous = new Map((await table.batchGet(bindings.map(roleBindingKey))).map(roleBindingFromItem).map((b) => [`${b.subjectType}:${b.subjectId}`, b]));

  const repository = new RoleBindingRepository(table);
  const tx = new Transaction(table);
  bindings.forEach((binding, i) => {
    const earlier = previous.get(`${binding.subjectType}:${binding.subjectId}`);
    // A grant that changes only the role keeps when the subject first got access.
    repository.put(tx, earlier ? { ...binding, createdAt: earlier.createdAt } : binding);
    const subject = subjects[i]!;
    if (subject.id === EVERYONE_TEAM_ID) return;
    const key = subject.type === 'user' ? keys.user(tenantId, subject.id) : keys.team(tenantId, subject.id);
    tx.check(key, {
      condition: 'attribute_exists(PK)',
      onConditionFailed: () => new NotFoundError('collaborator.subject_gone', `${subject.subject} was deleted while the grant was made`),
    });
  });
  recordAudit(tx, {
    tenantId,
    actor: actorOf(principal),
    action: 'role_binding.granted',
    target: { type: request.resourceType, id: request.resourceId },
    requestId,
    details: {
      grants: subjects.map((s, i) => ({
        subject: s.subject,
        subjectId: s.id,
        role: bindings[i]!.role,
        previousRole: previous.get(`${s.type}:${s.id}`)?.role,
      })),
    },
    data: {
      resource: { type: request.resourceType, id: request.resourceId },
      bindings: subjects.map((s, i) => {
        const previousRole = previous.get(`${s.type}:${s.id}`)?.role;
        return { subjectType: s.type, subjectId: s.id, role: bindings[i]!.role, ...(previousRole ? { previousRole } : {}) };
      }),
    },
  });
  await tx.commit();
  return subjects.map((s, i) => ({
    subject: s.subject,
    subjectType: s.type,
    subjectId: s.id,
    subjectSlug: s.name,
    role: bindings[i]!.role,
    createdAt: previous.get(`${s.type}:${s.id}`)?.createdAt ?? now,
  }));
}
