/**
 * Writing down that a user set a password (through an invite or reset link, or
 * changing their own), as the user's own audited action. The password is
 * already in the directory, so a user changed meanwhile (an admin's edit) is
 * re-read and the change re-applied, never lost. The user's link generation
 * advances in the same write: every link mailed until now stops working.
 */
import { userState } from '../events/event-state.js';
import { recordAudit } from '../audit/audit-event.js';
import type { AppError } from '../errors/app-error.js';
import { readComputeCommit } from '../storage/lost-race.js';
import type { Table } from '../storage/table.js';
import { Transaction } from '../storage/transaction.js';
import { UserRepository, UserVersionConflictError } from './user-repository.js';
import { linkGenerationOf, type User } from './user.js';

export interface PasswordSet {
  /** The user after the change, from the user as last read. */
  apply(user: User): User;
  audit: { action: 'user.invite_accepted' | 'user.password_reset' | 'user.password_changed'; details?: Record<string, unknown> };
  /** What else commits with it (the spending of the link that allowed it). */
  alsoIn?(tx: Transaction): void;
  /** The error when the user is gone at a re-read. */
  gone(): AppError;
  requestId?: string;
}

/** Returns the user as written. */
export async function recordPasswordSet(table: Table, read: User, change: PasswordSet): Promise<User> {
  const users = new UserRepository(table);
  let fresh: User | undefined = read;
  return readComputeCommit(
    async () => {
      const before = fresh ?? (await users.get(read.tenantId, read.id));
      fresh = undefined;
      if (!before) throw change.gone();
      const after = { ...change.apply(before), linkGeneration: linkGenerationOf(before) + 1 };
      const self = { type: 'user' as const, id: before.id, slug: before.email ?? before.userName };
      const tx = new Transaction(table);
      change.alsoIn?.(tx);
      users.update(tx, before, after);
      recordAudit(tx, {
        tenantId: before.tenantId,
        actor: self,
        target: { ...self },
        requestId: change.requestId,
        ...change.audit,
        data: { user: userState(after) },
        sequence: before.version + 1,
      });
      await tx.commit();
      return { ...after, version: before.version + 1 };
    },
    { lostRace: (error) => error instanceof UserVersionConflictError },
  );
}
