/**
 * Offline: the AWS side of webhooks as synthesized. The secrets' KMS key
 * rotates and outlives the stack; only the create and rotate routes may make
 * data keys and only the worker may decrypt, each only for the webhook-secret
 * context; only the fan-out, the sweeper and the test and redeliver routes may
 * invoke the worker; the sweeper runs every minute.
 */
import { Stack } from 'aws-cdk-lib';
import type { CfnRole } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { describe, expect, it } from 'vitest';
import { WEBHOOK_SECRET_PURPOSE } from '../../shared/webhooks/secret-context.js';
import { resourcesOf, synth } from './synth.js';

interface Statement {
  Sid: string;
  Action: string | string[];
  Resource: unknown;
  Condition?: unknown;
}

const { stack, template, templates } = synth();
const templateOf = new Map(
  [stack, ...stack.routeStacks].map((owner, i) => [
    owner as Stack,
    templates[i]!.toJSON() as { Resources: Record<string, { Properties: { Policies?: Array<{ PolicyDocument: { Statement: Statement[] } }> } }> },
  ]),
);

function statementsOf(fn: IFunction): Statement[] {
  const role = fn.role!;
  const owner = Stack.of(role);
  const logicalId = owner.resolve(owner.getLogicalId(role.node.defaultChild as CfnRole)) as string;
  return templateOf.get(owner)!.Resources[logicalId]!.Properties.Policies!.flatMap((p) => p.PolicyDocument.Statement);
}
const sid = (fn: IFunction, name: string) => statementsOf(fn).find((s) => s.Sid === name);
const allFunctions = (): Array<[string, IFunction]> => [
  ...stack.routeFunctions,
  ...stack.consumerFunctions,
  ['webhooks.deliver', stack.webhooks.worker],
  ['webhooks.sweeper', stack.webhooks.sweeper],
];

describe('webhook delivery in AWS', () => {
  it('keeps secrets under a rotating, retained customer-managed key', () => {
    template.hasResource('AWS::KMS::Key', { Properties: { EnableKeyRotation: true }, DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
  });

  it('lets only the create and rotate routes make data keys, and only the worker decrypt, for webhook secrets only', () => {
    const sealers = allFunctions().filter(([, fn]) => sid(fn, 'WebhookSecrets'));
    expect(sealers.map(([name]) => name).sort()).toEqual(['webhooks.create', 'webhooks.deliver', 'webhooks.rotateSecret']);
    for (const [name, fn] of sealers) {
      const statement = sid(fn, 'WebhookSecrets')!;
      expect(statement.Action).toBe(name === 'webhooks.deliver' ? 'kms:Decrypt' : 'kms:GenerateDataKey');
      expect(statement.Condition).toEqual({ StringEquals: { 'kms:EncryptionContext:purpose': WEBHOOK_SECRET_PURPOSE } });
      expect(JSON.stringify(statement.Resource)).toMatch(/WebhooksSecretsKey/);
    }
  });

  it('lets only the fan-out, the sweeper and the test and redeliver routes invoke the worker, and nothing else', () => {
    const invokers = allFunctions().filter(([, fn]) => sid(fn, 'InvokeWebhookWorker'));
    expect(invokers.map(([name]) => name).sort()).toEqual(['stream.webhooks', 'webhooks.redeliver', 'webhooks.sweeper', 'webhooks.test']);
    for (const [, fn] of invokers) {
      expect(sid(fn, 'InvokeWebhookWorker')!.Action).toBe('lambda:InvokeFunction');
      expect(JSON.stringify(sid(fn, 'InvokeWebhookWorker')!.Resource)).toMatch(/WebhooksWorker/);
    }
  });

  it('runs the retry sweeper every minute, and gives the worker 30 s for its 10 s request', () => {
    template.hasResourceProperties('AWS::Events::Rule', { ScheduleExpression: 'rate(1 minute)' });
    const worker = resourcesOf(templates, 'AWS::Lambda::Function').find((f) => f.Properties.Description === 'Attempts one webhook delivery');
    expect(worker?.Properties.Timeout).toBe(30);
    expect(JSON.stringify(worker?.Properties.Environment)).not.toContain('WEBHOOK_WORKER_FUNCTION');
  });
});
