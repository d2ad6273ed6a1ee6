/**
 * Fault injection through the AWS SDK middleware stack. A fault plan replaces
 * this worker's DynamoDB document client (or Cognito client) with one whose
 * stack throws a chosen AWS error on the Nth matching call, either before the
 * request leaves (nothing written) or after DynamoDB answered (written, but the
 * answer lost: the "5xx mid-request" case). The injection sits in the
 * `initialize` step, above the SDK's retry middleware, so an injected fault is
 * final for that call: the service's own handling is what the test observes.
 */
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { setDynamoDocumentClientForTests } from '../../shared/storage/client.js';
import { setCognitoClientForTests } from '../../shared/identity/cognito-client.js';

export type FaultKind = 'throttle' | 'server-error' | 'timeout';

/** The error the SDK would throw after its own retries gave up. */
export function awsFault(kind: FaultKind): Error {
  const error = new Error(`injected ${kind}`) as Error & { $fault: string; $metadata: { httpStatusCode: number } };
  if (kind === 'throttle') {
    error.name = 'ProvisionedThroughputExceededException';
    error.$fault = 'client';
    error.$metadata = { httpStatusCode: 400 };
  } else if (kind === 'server-error') {
    error.name = 'InternalServerError';
    error.$fault = 'server';
    error.$metadata = { httpStatusCode: 500 };
  } else {
    error.name = 'TimeoutError';
    error.$fault = 'client';
    error.$metadata = { httpStatusCode: 0 };
  }
  return error;
}

export interface FaultRule {
  /** Which calls count, by SDK command name (`TransactWriteItemsCommand`, `GetCommand`, ...); all when absent. */
  command?: RegExp;
  /** 1-based index among the matching calls that fails; every matching call when absent. */
  nth?: number;
  kind: FaultKind;
  /** `before`: the call never reaches DynamoDB. `after`: it was applied and the answer is lost. */
  when: 'before' | 'after';
}

export interface InstalledFaults {
  /** Matching calls seen so far (failed or not). */
  readonly calls: number;
  /** Names of every command sent through the client, in order. */
  readonly log: readonly string[];
  /** Whether the rule has fired at least once. */
  readonly fired: boolean;
  remove(): void;
}

const endpointOf = () => process.env.AWS_ENDPOINT_URL_DYNAMODB;

/**
 * Installs a document client that fails per `rule` until `remove()` (which
 * restores the default client). Without a rule it only records commands.
 */
export function injectDynamoFaults(rule?: FaultRule): InstalledFaults {
  const base = new DynamoDBClient({ maxAttempts: 1, endpoint: endpointOf() });
  const state = { calls: 0, fired: false, log: [] as string[] };
  base.middlewareStack.add(
    (next, context) => async (args) => {
      const name = String((context as { commandName?: string }).commandName ?? 'unknown');
      state.log.push(name);
      const matches = rule && (!rule.command || rule.command.test(name));
      const fire = matches && ++state.calls > 0 && (rule.nth === undefined || rule.nth === state.calls);
      if (fire && rule.when === 'before') {
        state.fired = true;
        throw awsFault(rule.kind);
      }
      const result = await next(args);
      if (fire && rule.when === 'after') {
        state.fired = true;
        throw awsFault(rule.kind);
      }
      return result;
    },
    { step: 'initialize', name: 'injectedFault', priority: 'high' },
  );
  const client = DynamoDBDocumentClient.from(base, {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
    unmarshallOptions: { wrapNumbers: false },
  });
  setDynamoDocumentClientForTests(client);
  return {
    get calls() {
      return state.calls;
    },
    get log() {
      return state.log;
    },
    get fired() {
      return state.fired;
    },
    remove() {
      setDynamoDocumentClientForTests(undefined);
      client.destroy();
    },
  };
}

/** Runs `body` with faults installed, always restoring the default client. */
export async function withDynamoFaults<T>(rule: FaultRule | undefined, body: (faults: InstalledFaults) => Promise<T>): Promise<T> {
  const faults = injectDynamoFaults(rule);
  try {
    return await body(faults);
  } finally {
    faults.remove();
  }
}

/**
 * Makes every Cognito call fail (as an unreachable endpoint would) until the
 * returned function is called, which restores the default client.
 */
export function breakCognito(kind: FaultKind = 'server-error'): () => void {
  const client = new CognitoIdentityProviderClient({ maxAttempts: 1 });
  client.middlewareStack.add(
    () => async () => {
      throw awsFault(kind);
    },
    { step: 'initialize', name: 'cognitoDown', priority: 'high' },
  );
  setCognitoClientForTests(client);
  return () => {
    setCognitoClientForTests(undefined);
    client.destroy();
  };
}
