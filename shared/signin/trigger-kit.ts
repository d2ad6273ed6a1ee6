/**
 * The Cognito trigger kit: every trigger in `functions/triggers/` is
 * `defineTrigger(name, impl)`. It resolves the tenant from the event's user pool
 * (each tenant has its own pool, mapped when the tenant is provisioned), logs,
 * and turns failures into what Cognito shows a person: a refusal's own message,
 * or a generic "try again" for anything else (internals never reach a sign-in page).
 */
import type { Context } from 'aws-lambda';
import { InternalError, isAppError } from '../errors/app-error.js';
import { logger } from '../observability/logger.js';
import { table as defaultTable, type Table } from '../storage/table.js';
import { TenantRepository } from '../tenants/tenant-repository.js';
import type { Tenant } from '../tenants/tenant.js';
import { SignInRefusedError } from './sign-in-refusal.js';

/** The fields every Cognito user-pool trigger event has. */
export interface CognitoTriggerEvent {
  version: string;
  region: string;
  userPoolId: string;
  triggerSource: string;
  userName: string;
  callerContext: { awsSdkVersion: string; clientId: string | null };
  request: { userAttributes?: Record<string, string | undefined> } & Record<string, unknown>;
  response: Record<string, unknown>;
}

export const UNAVAILABLE_MESSAGE = 'Sign-in is temporarily unavailable. Try again in a moment.';

/** What Lambda reports as the error of a refused sign-in; Cognito shows `message`. */
export class SignInError extends Error {
  override readonly name = 'SignInRefused';
}

export interface TriggerScope {
  table: Table;
  tenant: Tenant;
}

export function defineTrigger<E extends CognitoTriggerEvent>(
  name: string,
  impl: (event: E, scope: TriggerScope) => Promise<E>,
): (event: E, context?: Context) => Promise<E> {
  return async (event, context) => {
    const started = performance.now();
    logger.appendKeys({ trigger: name, triggerSource: event.triggerSource, userPoolId: event.userPoolId, requestId: context?.awsRequestId });
    try {
      const table = defaultTable();
      const tenant = await tenantOfPool(table, event.userPoolId);
      logger.appendKeys({ tenantId: tenant.id });
      const result = await impl(event, { table, tenant });
      logger.info('trigger completed', { outcome: 'allowed', durationMs: performance.now() - started });
      return result;
    } catch (error) {
      if (error instanceof SignInRefusedError) {
        logger.info('trigger completed', { outcome: 'refused', reason: error.reason, durationMs: performance.now() - started });
        throw new SignInError(error.message);
      }
      logger.error('trigger failed', { error: error as Error, durationMs: performance.now() - started });
      if (isAppError(error) && error.status < 500 && error.status !== 429) throw new SignInError(error.message);
      throw new SignInError(UNAVAILABLE_MESSAGE);
    } finally {
      logger.resetKeys();
    }
  };
}

/** The tenant whose pool fired the trigger; an unmapped pool fails closed. */
export async function tenantOfPool(table: Table, userPoolId: string): Promise<Tenant> {
  const tenants = new TenantRepository(table);
  const tenantId = await tenants.tenantIdOfUserPool(userPoolId);
  const tenant = tenantId ? await tenants.get(tenantId) : undefined;
  if (!tenant) throw new PoolNotMappedError(userPoolId);
  return tenant;
}

class PoolNotMappedError extends InternalError {
  constructor(userPoolId: string) {
    super('signin.pool_not_mapped', `User pool ${userPoolId} is not connected to any tenant`);
  }
}
