/**
 * The trigger table keyed by Cognito trigger source. A user pool takes one
 * function per trigger source, so two entries for the same source are a
 * configuration error, caught here for both the stack and the local stack.
 */
import type { CognitoTrigger, TriggerDefinition } from '../shared/triggers/trigger-table.js';

/** Trigger-table entries by Cognito trigger source; throws when two entries claim one source. */
export function triggersBySource(triggers: readonly TriggerDefinition[]): Partial<Record<CognitoTrigger, TriggerDefinition>> {
  const bySource: Partial<Record<CognitoTrigger, TriggerDefinition>> = {};
  for (const trigger of triggers) {
    const taken = bySource[trigger.cognitoTrigger];
    if (taken) throw new Error(`Triggers ${taken.name} and ${trigger.name} both handle ${trigger.cognitoTrigger}; a user pool takes one`);
    bySource[trigger.cognitoTrigger] = trigger;
  }
  return bySource;
}
