/**
 * The tenant's sign-in summary for the Provisioning page: the last successful
 * single sign-on and the last refused sign-in, on one item. The success is
 * written by the sign-in path once the person is admitted (one write, which never
 * fails a sign-in); the refusal comes from the `sign_in.refused` audit item the
 * refusal already writes, through the health stream consumer. Each is kept only
 * if newer than the one stored, so redelivery and races leave the latest.
 */
import { auditEventFromItem } from '../audit/audit-event.js';
import * as z from '../validation/zod.js';
import { isConditionalCheckFailed } from '../storage/aws-errors.js';
import { keys } from '../storage/keys.js';
import type { Table } from '../storage/table.js';
import { logger } from '../observability/logger.js';

export const SignInEntrySchema = z.object({
  at: z.string(),
  method: z.enum(['federated', 'password']),
  provider: z.optional(z.string()),
  userId: z.optional(z.string()),
  email: z.optional(z.string()),
  /** Why it was refused (refusals only): the reason code of the `sign_in.refused` event. */
  reason: z.optional(z.string()),
});
export type SignInEntry = z.infer<typeof SignInEntrySchema>;

export interface SignInHealth {
  lastSsoSignIn?: SignInEntry;
  lastRefusedSignIn?: SignInEntry;
}

/** Records an admitted single sign-on; resolves once written or logged as lost. */
export async function recordSsoSignIn(table: Table, tenantId: string, entry: SignInEntry): Promise<void> {
  try {
    await keepLatest(table, tenantId, 'lastSsoSignIn', entry);
  } catch (error) {
    logger.warn('Could not record the sign-in for the health page', { error: error as Error });
  }
}

/** Records the refusal an audit item describes (the item as the stream delivers it). */
export async function recordRefusedSignIn(table: Table, auditItem: Record<string, unknown>): Promise<void> {
  // Read as the audit log reads it: details that the event's data also holds are stored once, in data.
  const event = auditEventFromItem(auditItem);
  const details = event.details ?? {};
  const text = (value: unknown) => (typeof value === 'string' && value ? value : undefined);
  const entry: SignInEntry = {
    at: event.at,
    method: details.method === 'password' ? 'password' : 'federated',
    provider: text(details.provider),
    userId: event.target.type === 'user' ? text(event.target.id) : undefined,
    email: text(event.actor.slug),
    reason: text(details.reason),
  };
  await keepLatest(table, event.tenantId, 'lastRefusedSignIn', entry);
}

async function keepLatest(table: Table, tenantId: string, field: keyof SignInHealth, entry: SignInEntry): Promise<void> {
  const stored = Object.fromEntries(Object.entries(entry).filter(([, v]) => v !== undefined));
  try {
    await table.update({
      Key: keys.signInHealth(tenantId),
      UpdateExpression: 'SET entity = :entity, #field = :entry',
      ConditionExpression: 'attribute_not_exists(#field) OR #field.#at < :at',
      ExpressionAttributeNames: { '#field': field, '#at': 'at' },
      ExpressionAttributeValues: { ':entity': 'signInHealth', ':entry': stored, ':at': entry.at },
    });
  } catch (error) {
    if (!isConditionalCheckFailed(error)) throw error;
  }
}

export async function readSignInHealth(table: Table, tenantId: string): Promise<SignInHealth> {
  const item = await table.get<Record<string, unknown>>(keys.signInHealth(tenantId));
  const parse = (value: unknown) => {
    const parsed = z.safeParse(SignInEntrySchema, value);
    return parsed.success ? parsed.data : undefined;
  };
  return { lastSsoSignIn: parse(item?.lastSsoSignIn), lastRefusedSignIn: parse(item?.lastRefusedSignIn) };
}
