/**
 * Storage of role bindings: one item per (resource, subject) in the resource's
 * collection, so a resource's collaborators are one Query, with a GSI1 key per
 * subject so the bindings a user or team holds are one Query too.
 *
 * GSI1 is eventually consistent: a binding written a moment ago may be missing
 * from `listBindingsOfSubject` for a fraction of a second. Callers that must not
 * miss one (removal before a delete) re-read after their write.
 */
import { keys, type ItemKey } from '../storage/keys.js';
import { INDEXES } from '../storage/table-definition.js';
import type { Item, Table } from '../storage/table.js';
import { MAX_TRANSACTION_ITEMS, Transaction } from '../storage/transaction.js';
import { recordAudit, type Actor } from '../audit/audit-event.js';
import type { AppError } from '../errors/app-error.js';
import { ResourceRoleSchema, type RoleBinding, type SubjectType } from './role-binding.js';
import { parseStoredItem } from '../storage/stored-item.js';
import * as z from '../validation/zod.js';

const StoredRoleBindingSchema = z.looseObject({
  tenantId: z.string(),
  resourceType: z.string(),
  resourceId: z.string(),
  subjectType: z.enum(['user', 'team']),
  subjectId: z.string(),
  role: ResourceRoleSchema,
  createdAt: z.string(),
});

const ENTITY = 'roleBinding';
const SYSTEM: Actor = { type: 'system', id: 'role-bindings', slug: 'role binding cleanup' };

export const roleBindingKey = (b: Pick<RoleBinding, 'tenantId' | 'resourceType' | 'resourceId' | 'subjectType' | 'subjectId'>): ItemKey =>
  keys.roleBinding(b.tenantId, b.resourceType, b.resourceId, b.subjectType, b.subjectId);

export function roleBindingItem(binding: RoleBinding): ItemKey & Item {
  return {
    ...roleBindingKey(binding),
    entity: ENTITY,
    ...binding,
    ...keys.subjectBindingIndexKeys(binding.tenantId, binding.subjectType, binding.subjectId, binding.resourceType, binding.resourceId),
  };
}

export function roleBindingFromItem(item: Item): RoleBinding {
  return parseStoredItem(StoredRoleBindingSchema, item, 'role binding');
}

/**
 * Every binding a subject holds. Bounded by how many resources one user or team
 * is granted (a GSI1 Query, followed to its end).
 */
export async function listBindingsOfSubject(table: Table, tenantId: string, subjectType: SubjectType, subjectId: string): Promise<RoleBinding[]> {
  const items = await table.queryAll({
    IndexName: INDEXES.lookupsAndQueues.name,
    KeyConditionExpression: 'GSI1PK = :pk',
    ExpressionAttributeValues: { ':pk': keys.gsiSubjectBindings(tenantId, subjectType, subjectId) },
  });
  return items.filter((i) => i.entity === ENTITY).map(roleBindingFromItem);
}

/**
 * Removes every binding a subject holds and returns what it removed, each chunk
 * in one transaction with the audit event that records it. Deleting an absent
 * binding is a no-op, so a retry after a crash finishes the job.
 */
export async function removeBindingsOfSubject(
  table: Table,
  tenantId: string,
  subjectType: SubjectType,
  subjectId: string,
  options: { actor?: Actor; requestId?: string } = {},
): Promise<RoleBinding[]> {
  const bindings = await listBindingsOfSubject(table, tenantId, subjectType, subjectId);
  const perChunk = MAX_TRANSACTION_ITEMS - 1;
  for (let i = 0; i < bindings.length; i += perChunk) {
    const chunk = bindings.slice(i, i + perChunk);
    const tx = new Transaction(table);
    for (const binding of chunk) tx.delete(roleBindingKey(binding));
    recordAudit(tx, {
      tenantId,
      actor: options.actor ?? SYSTEM,
      action: 'role_binding.subject_removed',
      target: { type: subjectType, id: subjectId },
      requestId: options.requestId,
      details: { removed: chunk.map((b) => ({ resourceType: b.resourceType, resourceId: b.resourceId, role: b.role })) },
      data: {
        subject: { type: subjectType, id: subjectId },
        removed: chunk.map((b) => ({ resourceType: b.resourceType, resourceId: b.resourceId, role: b.role })),
      },
    });
    await tx.commit();
  }
  return bindings;
}

export class RoleBindingRepository {
  constructor(private readonly table: Table) {}

  async get(tenantId: string, resourceType: string, resourceId: string, subjectType: SubjectType, subjectId: string): Promise<RoleBinding | undefined> {
    const item = await this.table.get(keys.roleBinding(tenantId, resourceType, resourceId, subjectType, subjectId));
    return item ? roleBindingFromItem(item) : undefined;
  }

  /** One page of a resource's bindings (strongly consistent, constant cost per page). */
  async listOfResourcePage(tenantId: string, resourceType: string, resourceId: string, limit: number, startKey?: Record<string, unknown>) {
    const page = await this.table.query({
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
      ExpressionAttributeValues: { ':pk': keys.resourceBindings(tenantId, resourceType, resourceId), ':prefix': 'S#' },
      Limit: limit,
      ExclusiveStartKey: startKey,
    });
    return { bindings: page.items.map(roleBindingFromItem), lastKey: page.lastKey };
  }

  listOfSubject(tenantId: string, subjectType: SubjectType, subjectId: string): Promise<RoleBinding[]> {
    return listBindingsOfSubject(this.table, tenantId, subjectType, subjectId);
  }

  /** Grants (or replaces) a subject's role on a resource. */
  put(tx: Transaction, binding: RoleBinding): void {
    tx.put(roleBindingItem(binding));
  }

  /** Removes a binding that must still be there (else `onMissing`). */
  delete(tx: Transaction, binding: RoleBinding, onMissing: () => AppError): void {
    tx.delete(roleBindingKey(binding), { condition: 'attribute_exists(PK)', onConditionFailed: onMissing });
  }
}
