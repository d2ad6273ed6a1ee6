/**
 * One function per Cognito trigger of the trigger table, and one grant per
 * trigger letting every tenant pool of this account invoke it (tenant-shard.ts
 * says why one grant, not one per pool). The pools attach them by source.
 *
 * Built in the stack's own scope so the functions keep their logical ids
 * (function-context.ts says why).
 */
import type { Stack } from 'aws-cdk-lib';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { CognitoTrigger, TriggerDefinition } from '../../shared/triggers/trigger-table.js';
import { triggersBySource } from '../cognito-triggers.js';
import type { FunctionPermissions } from '../function-permissions.js';
import { TRIGGER_FUNCTION_TIMEOUT_SECONDS } from '../function-settings.js';
import { pascal } from './construct-ids.js';
import type { FunctionContext } from './function-context.js';
import { serviceFunction } from './service-function.js';
import { grantCognitoInvoke } from './tenant-shard.js';

export interface TriggerFunctionsProps {
  triggers: readonly TriggerDefinition[];
  functions: FunctionContext;
  /** Some tenant pool exists to invoke them. */
  grantToPools: boolean;
  /** Permissions of triggers not in function-permissions.ts (fixture tables in tests). */
  extraPermissions?: Readonly<Record<string, FunctionPermissions>>;
}

export class TriggerFunctions {
  /** Cognito trigger source → function. */
  readonly bySource = new Map<CognitoTrigger, IFunction>();

  constructor(stack: Stack, props: TriggerFunctionsProps) {
    triggersBySource(props.triggers);
    for (const trigger of props.triggers) {
      const id = `Trigger${pascal(trigger.name)}`;
      const fn = serviceFunction(stack, id, {
        name: trigger.name,
        handler: trigger.handler,
        description: `Cognito ${trigger.cognitoTrigger}`,
        timeoutSeconds: TRIGGER_FUNCTION_TIMEOUT_SECONDS,
        environment: props.functions.environment,
        resources: props.functions.resources,
        permissions: props.extraPermissions?.[trigger.name],
      });
      if (props.grantToPools) grantCognitoInvoke(stack, `${id}CognitoInvoke`, fn);
      this.bySource.set(trigger.cognitoTrigger, fn);
    }
  }
}
