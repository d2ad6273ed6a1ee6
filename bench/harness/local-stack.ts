/**
 * The stack a benchmark run measures: its own DynamoDB Local (in memory, on a
 * free port, so nothing another engineer or a test run does touches it), the
 * table from `table-definition.ts`, and the real gateway serving the real route
 * table in this process.
 *
 * In-process rather than a child process: the meter must see the handlers'
 * DynamoDB calls, and on a 2-core machine whose other core runs the JVM a
 * second Node process would only compete for the same core. The cost is that
 * the load generator (HTTP client, JSON) shares the handlers' event loop; it is
 * counted against our code, so the ratios err on the pessimistic side.
 */
import { randomBytes } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ensureTable } from '../../infra/local/create-table.js';
import { startDynamoDbLocal, type RunningDynamoDbLocal } from '../../infra/local/dynamodb-local.js';
import { startGateway, type RunningGateway } from '../../infra/local/gateway.js';
import { applyLocalEnv, LOCAL_CREDENTIALS, LOCAL_REGION } from '../../infra/local/local-env.js';
import { resetEnvForTests } from '../../shared/config/env.js';
import { dynamoDocumentClient } from '../../shared/storage/client.js';
import { resetTableForTests } from '../../shared/storage/table.js';
import { DynamoMeter } from './dynamo-meter.js';

export const BENCH_TABLE_NAME = 'provisioning-bench';

export interface BenchStack {
  dynamodb: RunningDynamoDbLocal;
  gateway: RunningGateway;
  meter: DynamoMeter;
  /** The variables handlers saw, for the cold-start child processes. */
  env: Record<string, string>;
  stop(): Promise<void>;
}

export async function startBenchStack(): Promise<BenchStack> {
  const dynamodb = await startDynamoDbLocal();
  try {
    const admin = new DynamoDBClient({ endpoint: dynamodb.endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
    await ensureTable(admin, BENCH_TABLE_NAME);
    admin.destroy();
    const env = applyLocalEnv({
      tableName: BENCH_TABLE_NAME,
      signingKey: randomBytes(32).toString('base64url'),
      publicApiUrl: 'http://127.0.0.1:3000',
      endpoints: { dynamodb: dynamodb.endpoint },
      logLevel: 'SILENT',
    });
    resetTableForTests();
    const meter = new DynamoMeter();
    meter.install(dynamoDocumentClient());
    const gateway = await startGateway({ port: 0, onHandlerError: (name, error) => console.error(`[bench] ${name} failed:`, error) });
    process.env.PUBLIC_API_URL = gateway.url;
    env.PUBLIC_API_URL = gateway.url;
    resetEnvForTests();
    return {
      dynamodb,
      gateway,
      meter,
      env,
      async stop() {
        await gateway.close();
        await dynamodb.stop();
      },
    };
  } catch (error) {
    await dynamodb.stop();
    throw error;
  }
}
