/**
 * Connected (DynamoDB Local): the role-binding functions the users API's delete
 * guard relies on. Listing a subject's bindings finds all of them; removing
 * them returns exactly what was removed, in audited chunks, and is idempotent.
 */
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { listBindingsOfSubject, removeBindingsOfSubject, RoleBindingRepository } from '../../shared/collaborators/role-binding-repository.js';
import type { RoleBinding } from '../../shared/collaborators/role-binding.js';
import { Table } from '../../shared/storage/table.js';
import { Transaction } from '../../shared/storage/transaction.js';
import { auditEvents } from '../teams/support.js';

const tenantId = `rb-${randomUUID().slice(0, 8)}`;
let table: Table;
let repository: RoleBindingRepository;

const binding = (
  subjectId: string,
  resourceId: string,
  role: RoleBinding['role'] = 'viewer',
  subjectType: RoleBinding['subjectType'] = 'user',
): RoleBinding => ({
  tenantId,
  resourceType: 'workspace',
  resourceId,
  subjectType,
  subjectId,
  role,
  createdAt: new Date().toISOString(),
});

async function grant(...bindings: RoleBinding[]) {
  for (let i = 0; i < bindings.length; i += 100) {
    const tx = new Transaction(table);
    for (const b of bindings.slice(i, i + 100)) repository.put(tx, b);
    await tx.commit();
  }
}

beforeAll(() => {
  table = new Table();
  repository = new RoleBindingRepository(table);
});

describe('listBindingsOfSubject', () => {
  it('returns every binding of the subject and nothing of other subjects or subject types', async () => {
    const [u1, u2] = [randomUUID(), randomUUID()];
    await grant(binding(u1, 'a', 'admin'), binding(u1, 'b'), binding(u2, 'a'), binding(u1, 'c', 'editor', 'team'));
    const found = await listBindingsOfSubject(table, tenantId, 'user', u1);
    expect(found.map((b) => [b.resourceId, b.role]).sort()).toEqual([
      ['a', 'admin'],
      ['b', 'viewer'],
    ]);
    expect(found[0]).toEqual(expect.objectContaining({ tenantId, resourceType: 'workspace', subjectType: 'user', subjectId: u1 }));
    expect(Object.keys(found[0]!).sort()).toEqual(['createdAt', 'resourceId', 'resourceType', 'role', 'subjectId', 'subjectType', 'tenantId']);
    expect(await listBindingsOfSubject(table, `${tenantId}-other`, 'user', u1)).toEqual([]);
  });

  it('keeps one role per subject and resource: a second grant replaces the first', async () => {
    const u = randomUUID();
    await grant(binding(u, 'r', 'viewer'));
    await grant(binding(u, 'r', 'admin'));
    expect((await listBindingsOfSubject(table, tenantId, 'user', u)).map((b) => b.role)).toEqual(['admin']);
  });
});

describe('removeBindingsOfSubject', () => {
  it('removes 150 bindings in audited chunks, returns them, and leaves other subjects alone', async () => {
    const [u, bystander] = [randomUUID(), randomUUID()];
    await grant(...Array.from({ length: 150 }, (_, i) => binding(u, `res-${i}`)), binding(bystander, 'res-0'));
    const removed = await removeBindingsOfSubject(table, tenantId, 'user', u, { actor: { type: 'user', id: 'remover' }, requestId: 'req-1' });
    expect(removed).toHaveLength(150);
    expect(new Set(removed.map((b) => b.resourceId)).size).toBe(150);
    expect(await listBindingsOfSubject(table, tenantId, 'user', u)).toEqual([]);
    expect(await repository.get(tenantId, 'workspace', 'res-0', 'user', bystander)).toBeDefined();

    const audit = (await auditEvents(table, tenantId)).filter((e) => e.action === 'role_binding.subject_removed' && e.target.id === u);
    expect(audit).toHaveLength(2); // 99 + 51: each chunk one transaction with its event
    expect(audit.map((e) => (e.details?.removed as unknown[]).length).sort((a, b) => a - b)).toEqual([51, 99]);
    expect(audit.every((e) => e.actor.id === 'remover' && e.requestId === 'req-1')).toBe(true);
  });

  it('is a no-op returning nothing when the subject holds no binding', async () => {
    expect(await removeBindingsOfSubject(table, tenantId, 'team', randomUUID())).toEqual([]);
  });
});
