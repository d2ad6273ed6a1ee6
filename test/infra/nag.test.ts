/**
 * Offline: cdk-nag's AwsSolutions pack over the synthesized stack (root and
 * nested route stacks, bundling skipped) with the real tables, tenants of
 * both identity-provider kinds and the hosted console. Zero unacknowledged findings, and every
 * acknowledgement sits on a construct, not a stack, with a reason of its own.
 */
import { Stack, Validations } from 'aws-cdk-lib';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { describe, expect, it } from 'vitest';
import { exampleTenants, STUB_CONSOLE, synth } from './synth.js';

interface Acknowledgement {
  id: string;
  reason: string;
}

function acknowledgementsUnder(root: IConstruct): Array<Acknowledgement & { path: string; onStack: boolean }> {
  return root.node.findAll().flatMap((construct) =>
    construct.node.metadata
      .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      // Recorded as `{ [ruleId]: reason }`, the id possibly qualified by the plugin's namespace.
      .flatMap((entry) => Object.entries(entry.data as Record<string, string>))
      .map(([id, reason]) => ({ id: id.replace(/^.*?::(?=AwsSolutions-)/, ''), reason, path: construct.node.path, onStack: Stack.isStack(construct) })),
  );
}

describe.each([
  ['without threat protection', false],
  ['with threat protection', true],
])('AwsSolutions checks, %s', (_, threatProtection) => {
  const { app, stack } = synth({ tenants: exampleTenants(), threatProtection, alarmEmail: 'ops@example.com', console: STUB_CONSOLE });

  it('report no unacknowledged finding', () => {
    const report = new AwsSolutionsChecks(app).validateScope(app);
    const findings = report.violations.map((v) => `${v.ruleName}: ${v.violatingResources.map((r) => r.resourceLogicalId ?? r.templatePath).join(', ')}`);
    expect(findings).toEqual([]);
    expect(report.success).toBe(true);
  });

  it('acknowledge nothing stack-wide, each with a specific reason', () => {
    const acknowledgements = acknowledgementsUnder(stack);
    expect(acknowledgements.length).toBeGreaterThan(0);
    expect(acknowledgements.filter((a) => a.onStack)).toEqual([]);
    for (const ack of acknowledgements) {
      expect(ack.id).toMatch(/^AwsSolutions-[A-Z]+\d+/);
      expect(ack.reason.length, `${ack.id} at ${ack.path}`).toBeGreaterThanOrEqual(80);
    }
    // A reason explains one rule: no text is reused for two different rule ids.
    const rulesByReason = new Map<string, Set<string>>();
    for (const ack of acknowledgements) rulesByReason.set(ack.reason, (rulesByReason.get(ack.reason) ?? new Set()).add(ack.id.replace(/\[.*$/, '')));
    for (const [reason, rules] of rulesByReason) expect([...rules], reason).toHaveLength(1);
  });

  it(`acknowledges the missing threat protection only when it is off`, () => {
    const cog8 = acknowledgementsUnder(stack).filter((a) => a.id === 'AwsSolutions-COG8');
    expect(cog8).toHaveLength(threatProtection ? 0 : 2);
  });
});

describe('a finding nobody acknowledged', () => {
  it('fails the check', () => {
    const { app, stack } = synth();
    // An unencrypted queue without TLS enforcement: SQS2, SQS3 and SQS4, none acknowledged.
    new Queue(stack, 'Careless', { encryption: QueueEncryption.UNENCRYPTED });
    const report = new AwsSolutionsChecks(app).validateScope(app);
    expect(report.success).toBe(false);
    expect(report.violations.map((v) => v.ruleName)).toEqual(expect.arrayContaining(['AwsSolutions-SQS3', 'AwsSolutions-SQS4']));
  });
});
