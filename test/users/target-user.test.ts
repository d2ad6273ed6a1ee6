/**
 * Unit: when a `/users/{id}` read route may answer from the record authentication
 * read (shared/caller/target-user.ts), and when it must read the target again.
 * The table here finds nothing, so every read it is asked for is a 404.
 */
import { describe, expect, it, vi } from 'vitest';
import { requireTargetUser } from '../../shared/caller/target-user.js';
import type { UserPrincipal } from '../../shared/caller/principal.js';
import type { Table } from '../../shared/storage/table.js';
import type { Tenant } from '../../shared/tenants/tenant.js';
import type { User } from '../../shared/users/user.js';

const tenant = { id: 't-1' } as Tenant;
const me = { tenantId: 't-1', id: 'u-1', active: true } as User;
const caller = (overrides: Partial<UserPrincipal> = {}): UserPrincipal => ({
  kind: 'user',
  tenant,
  user: me,
  via: 'pat',
  userReadConsistently: true,
  ...overrides,
});
const emptyTable = () => ({ get: vi.fn(async () => undefined) });

async function target(principal: UserPrincipal, id: string) {
  const table = emptyTable();
  const outcome = await requireTargetUser(table as unknown as Table, principal, id).then(
    (user) => ({ user }),
    (error: { code?: string }) => ({ code: error.code }),
  );
  return { ...outcome, reads: table.get.mock.calls.length };
}

describe('requireTargetUser', () => {
  it('answers the caller’s own id from the record authentication read, without a read', async () => {
    expect(await target(caller(), 'u-1')).toEqual({ user: me, reads: 0 });
  });

  it('reads any other id', async () => {
    expect(await target(caller(), 'u-2')).toEqual({ code: 'user.not_found', reads: 1 });
  });

  it('reads an id that matches only up to case', async () => {
    expect(await target(caller(), 'U-1')).toEqual({ code: 'user.not_found', reads: 1 });
  });

  it('reads when authentication did not say it read the user in this request', async () => {
    expect(await target(caller({ userReadConsistently: undefined }), 'u-1')).toEqual({ code: 'user.not_found', reads: 1 });
  });

  it('reads when the record is of another tenant than the caller’s', async () => {
    expect(await target(caller({ user: { ...me, tenantId: 't-2' } }), 'u-1')).toEqual({ code: 'user.not_found', reads: 1 });
  });
});
