/**
 * The synthesized templates match the recording in `fixtures/template-snapshot.json`
 * (template-snapshot.ts says what it holds and how to record it again).
 */
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SNAPSHOT_CONFIGURATIONS, SNAPSHOT_FILE, templateSnapshot, type TemplateDigest } from './template-snapshot.js';

const recorded = JSON.parse(fs.readFileSync(SNAPSHOT_FILE, 'utf8')) as Record<string, Record<string, TemplateDigest>>;

/** Replacing one of these loses what it holds (items, users, keys, objects, messages, logs). */
const STATEFUL_TYPES = [
  'AWS::DynamoDB::Table',
  'AWS::Cognito::UserPool',
  'AWS::KMS::Key',
  'AWS::S3::Bucket',
  'AWS::SQS::Queue',
  'AWS::SecretsManager::Secret',
  'AWS::Events::Archive',
  'AWS::Logs::LogGroup',
];

describe.each(Object.entries(SNAPSHOT_CONFIGURATIONS))('the %s configuration', (name, props) => {
  const synthesized = templateSnapshot(props);
  const before = recorded[name]!;

  it('keeps every stateful resource under its recorded logical id', () => {
    for (const [stack, template] of Object.entries(before)) {
      const resources = template.Resources as Record<string, string>;
      for (const [logicalId, entry] of Object.entries(resources)) {
        if (!STATEFUL_TYPES.includes(entry.split(' ')[0]!)) continue;
        const now = (synthesized[stack]?.Resources as Record<string, string> | undefined)?.[logicalId];
        expect(now?.split(' ')[0], `${stack}/${logicalId}: a new logical id would make CloudFormation replace it`).toBe(entry.split(' ')[0]);
      }
    }
  });

  it('synthesizes the recorded stacks, resources, properties and outputs', () => {
    expect(Object.keys(synthesized).sort()).toEqual(Object.keys(before).sort());
    for (const stack of Object.keys(before)) expect(synthesized[stack], stack).toEqual(before[stack]);
  });
});
