/**
 * Parse on read: repositories turn a stored item into its entity with a schema.
 * An item of the wrong shape is a clear internal error naming the item and the
 * field; a good one loses only the table's own attributes; items written by
 * older versions (optional attributes absent) still read.
 */
import { describe, expect, it } from 'vitest';
import { auditEventFromItem } from '../../shared/audit/audit-event.js';
import { AppError } from '../../shared/errors/app-error.js';
import { membershipFromItem, membershipItem } from '../../shared/teams/membership-repository.js';
import { userFromItem } from '../../shared/users/user-repository.js';
import { outboxItemFrom } from '../../shared/outbox/outbox-item.js';

const user = {
  tenantId: 't1',
  id: 'u1',
  userName: 'ada@example.com',
  email: 'ada@example.com',
  emails: [{ value: 'ada@example.com', primary: true }],
  active: true,
  role: 'tenant-member',
  source: 'scim',
  inviteAccepted: true,
  hasPassword: false,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  version: 1,
};

describe('parseStoredItem', () => {
  it('reads a stored user without the table attributes, keeping every attribute of the user', () => {
    const stored = { PK: 'T#t1', SK: 'U#u1', entity: 'user', GSI1PK: 'x', GSI1SK: 'USER', GSI3PK: 'y', GSI3SK: 'U#u1', ...user, displayName: 'Ada' };
    expect(userFromItem(stored)).toEqual({ ...user, displayName: 'Ada' });
  });

  it('refuses a stored item of the wrong shape with storage.corrupt_item, naming the item and the field', () => {
    const { role: _role, ...withoutRole } = user;
    let caught: unknown;
    try {
      userFromItem({ PK: 'T#t1', SK: 'U#u1', ...withoutRole, active: 'yes' });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(AppError);
    expect(caught).toMatchObject({ code: 'storage.corrupt_item', status: 500 });
    expect((caught as Error).message).toMatch(/user T#t1 \/ U#u1 .*active.*role|user T#t1 \/ U#u1 .*role.*active/);
  });

  it('round-trips a membership edge and an audit event through their items', () => {
    const edge = { tenantId: 't1', teamId: 'g1', userId: 'u1', role: 'manager' as const, addedAt: '2026-01-01T00:00:00.000Z' };
    expect(membershipFromItem(membershipItem(edge))).toEqual(edge);
    // An event as stored before sources were recorded: read with its source from its actor.
    const item = {
      PK: 'T#t1#AUDIT#2026-01',
      SK: '2026-01-01T00:00:00.000Z#e1',
      entity: 'audit',
      GSI1PK: 'T#t1#AUDIT#ACTOR#test',
      GSI1SK: '2026-01-01T00:00:00.000Z#e1',
      id: 'e1',
      tenantId: 't1',
      at: '2026-01-01T00:00:00.000Z',
      actor: { type: 'system', id: 'test' },
      action: 'user.created',
      target: { type: 'user', id: 'u1' },
    };
    const event = auditEventFromItem(item);
    expect(event).toMatchObject({ tenantId: 't1', action: 'user.created', target: { type: 'user', id: 'u1' }, source: 'system' });
    expect(Object.keys(event).filter((k) => /^(PK|SK|entity|GSI)/.test(k))).toEqual([]);
  });

  it('reads an outbox item the previous version wrote: a mail marked sent is done, and it is due after the stream’s grace', () => {
    const item = outboxItemFrom('mail', {
      PK: 'OUTBOX#m1',
      SK: 'MAIL',
      entity: 'mail',
      id: 'm1',
      tenantId: 't1',
      to: 'a@example.com',
      template: 'invite',
      data: {},
      createdAt: '2026-01-01T00:00:00.000Z',
      status: 'sent',
      sentAt: '2026-01-01T00:00:05.000Z',
    });
    expect(item).toMatchObject({ kind: 'mail', status: 'done', doneAt: '2026-01-01T00:00:05.000Z', attempts: 0, dueAt: '2026-01-01T00:10:00.000Z' });
  });
});
