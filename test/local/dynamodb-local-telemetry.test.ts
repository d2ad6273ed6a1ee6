/**
 * DynamoDB Local reports usage to AWS unless its environment says not to. The
 * suite's instances are started by the same `startDynamoDbLocal` as `npm
 * start`'s, so the JVM this file's requests go to is read from the outside:
 * its environment as Linux holds it, found by the port it listens on.
 */
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { testDynamoDb } from '../support/dynamodb.js';

function jvmServing(port: string): string {
  const pids = fs.readdirSync('/proc').filter((entry) => /^\d+$/.test(entry));
  for (const pid of pids) {
    let commandLine: string[];
    try {
      commandLine = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    } catch {
      continue; // exited while we looked
    }
    const portFlag = commandLine.indexOf('-port');
    if (commandLine.some((arg) => arg.endsWith('DynamoDBLocal.jar')) && commandLine[portFlag + 1] === port) return pid;
  }
  throw new Error(`no DynamoDB Local process listens on port ${port}`);
}

describe('DynamoDB Local as the local stack starts it', () => {
  it('runs with its telemetry off, and the variable does not leak into this process', () => {
    const pid = jvmServing(new URL(testDynamoDb().endpoint).port);
    const environment = fs.readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0');
    expect(environment).toContain('DDB_LOCAL_TELEMETRY=0');
    expect(process.env.DDB_LOCAL_TELEMETRY).toBeUndefined();
  });
});
