/**
 * Offline: the synthesized stack is derived from the route, trigger and consumer
 * tables and from table-definition.ts: one Lambda per entry, one API route per
 * route entry, and the table's keys, indexes, stream, TTL and recovery settings.
 */
import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { routes, type RouteDefinition } from '../../shared/http/route-table.js';
import { INDEXES, PRIMARY_KEY, projectionOf, TTL_ATTRIBUTE } from '../../shared/storage/table-definition.js';
import { streamConsumers } from '../../shared/streams/stream-consumers.js';
import { triggers } from '../../shared/triggers/trigger-table.js';
import { createTableInput } from '../../infra/local/create-table.js';
import { STREAM_RETRY_ATTEMPTS } from '../../infra/constructs/stream-consumers.js';
import { parseTenantConfig } from '../../infra/tenant-config.js';
import { exampleTenants, resourcesOf, synth } from './synth.js';

const FIXTURE = 'test/local/fixtures/echo-handler.ts';
const fixtureRoutes: RouteDefinition[] = [
  { name: 'test.one', method: 'GET', path: '/test/one', handler: FIXTURE, auth: 'public' },
  { name: 'test.two', method: 'POST', path: '/scim/v2/{tenantId}/Two', handler: FIXTURE, auth: 'scim' },
];

/** The stack's own functions besides the tables': the $default fallback, the outbox sweeper, the webhook worker and its retry sweeper. */
const STACK_FUNCTIONS = 4;

describe('the real tables', () => {
  const { template, templates } = synth();

  it('makes one function per route, trigger and consumer, plus the fallback and the sweeper', () => {
    expect(resourcesOf(templates, 'AWS::Lambda::Function')).toHaveLength(routes.length + triggers.length + streamConsumers.length + STACK_FUNCTIONS);
  });

  it("filters each consumer's event source mapping by the consumer's declared filter", () => {
    const mappings = resourcesOf(templates, 'AWS::Lambda::EventSourceMapping');
    expect(mappings).toHaveLength(streamConsumers.length);
    for (const consumer of streamConsumers) {
      const fn = template.findResources('AWS::Lambda::Function', { Properties: { Description: `Table stream consumer ${consumer.name}` } });
      const [logicalId] = Object.keys(fn);
      const mapping = mappings.find((m) => JSON.stringify(m.Properties.FunctionName).includes(`"${logicalId}"`));
      expect(mapping?.Properties.FilterCriteria, consumer.name).toEqual({ Filters: [{ Pattern: JSON.stringify(consumer.filter) }] });
    }
  });

  it('puts domain events on a bus of its own, which only the events consumer may put on', () => {
    const buses = template.findResources('AWS::Events::EventBus');
    expect(Object.keys(buses)).toHaveLength(1);
    const [busId] = Object.keys(buses);
    template.hasResourceProperties('AWS::Events::Archive', { EventPattern: { source: ['provisioning-service'] }, RetentionDays: 30 });
    const putters = resourcesOf(templates, 'AWS::IAM::Role').filter((role) => JSON.stringify(role).includes('events:PutEvents'));
    expect(putters).toHaveLength(1);
    expect(putters[0]!.Properties.Description).toContain('stream.events');
    const policies = putters[0]!.Properties.Policies as Array<{ PolicyDocument: { Statement: Array<{ Action: unknown }> } }>;
    const statements = policies.flatMap((p) => p.PolicyDocument.Statement);
    expect(statements.filter((st) => JSON.stringify(st.Action).includes('events:'))).toEqual([
      { Sid: 'PutEvents', Action: 'events:PutEvents', Effect: 'Allow', Resource: { 'Fn::GetAtt': [busId, 'Arn'] } },
    ]);
    template.hasResourceProperties('AWS::Lambda::Function', {
      Description: 'Table stream consumer stream.events',
      Environment: { Variables: Match.objectLike({ EVENT_BUS_NAME: { Ref: busId } }) },
    });
  });

  it('makes one API route per route-table entry, plus $default', () => {
    const routeKeys = resourcesOf(templates, 'AWS::ApiGatewayV2::Route').map((r) => r.Properties.RouteKey);
    expect(routeKeys.sort()).toEqual([...routes.map((r) => `${r.method} ${r.path}`), '$default'].sort());
  });

  it('creates the table from table-definition.ts', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: [
        { AttributeName: PRIMARY_KEY.partitionKey, KeyType: 'HASH' },
        { AttributeName: PRIMARY_KEY.sortKey, KeyType: 'RANGE' },
      ],
      BillingMode: 'PAY_PER_REQUEST',
      StreamSpecification: { StreamViewType: 'NEW_AND_OLD_IMAGES' },
      TimeToLiveSpecification: { AttributeName: TTL_ATTRIBUTE, Enabled: true },
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      DeletionProtectionEnabled: true,
      SSESpecification: { SSEEnabled: true },
      GlobalSecondaryIndexes: Object.values(INDEXES).map((index) => ({
        IndexName: index.name,
        KeySchema: [
          { AttributeName: index.partitionKey, KeyType: 'HASH' },
          { AttributeName: index.sortKey, KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: projectionOf(index) },
      })),
    });
    template.hasResource('AWS::DynamoDB::Table', { DeletionPolicy: 'Retain' });
  });

  it('deploys the same key schema and indexes the local stack and tests create', () => {
    const [table] = resourcesOf([template], 'AWS::DynamoDB::Table');
    const local = createTableInput('any');
    const byName = (a: { AttributeName?: unknown }, b: { AttributeName?: unknown }) => String(a.AttributeName).localeCompare(String(b.AttributeName));
    expect(table!.Properties.KeySchema).toEqual(local.KeySchema);
    expect((table!.Properties.AttributeDefinitions as Array<{ AttributeName: string }>).sort(byName)).toEqual([...local.AttributeDefinitions!].sort(byName));
    expect(table!.Properties.GlobalSecondaryIndexes).toEqual(local.GlobalSecondaryIndexes);
  });
});

const fixturePermissions = { 'test.one': { table: 'read' }, 'test.two': { table: 'write' } } as const;

describe('functions', () => {
  const { templates } = synth({ routes: fixtureRoutes, extraPermissions: fixturePermissions });

  it('run Node 22 on arm64, traced by X-Ray, with the service environment', () => {
    for (const fn of resourcesOf(templates, 'AWS::Lambda::Function')) {
      expect(fn.Properties).toMatchObject({ Runtime: 'nodejs22.x', Architectures: ['arm64'], Handler: 'index.handler', TracingConfig: { Mode: 'Active' } });
      const variables = (fn.Properties.Environment as { Variables: Record<string, unknown> }).Variables;
      expect(Object.keys(variables)).toEqual(expect.arrayContaining(['TABLE_NAME', 'SIGNING_KEY', 'PUBLIC_API_URL', 'MAIL_FROM', 'LOG_LEVEL', 'NODE_OPTIONS']));
    }
  });

  it('take the signing key from a generated Secrets Manager secret', () => {
    templates[0]!.hasResourceProperties('AWS::SecretsManager::Secret', { GenerateSecretString: Match.objectLike({ PasswordLength: 64 }) });
    const [fn] = resourcesOf(templates, 'AWS::Lambda::Function');
    expect(JSON.stringify((fn!.Properties.Environment as { Variables: Record<string, unknown> }).Variables.SIGNING_KEY)).toContain('{{resolve:secretsmanager:');
  });
});

describe('triggers and stream consumers', () => {
  const { stack, template, templates } = synth({
    routes: fixtureRoutes,
    extraPermissions: { ...fixturePermissions, 'pre-sign-up': { table: 'write' }, mailer: { table: 'write', sendMail: true } },
    tenants: exampleTenants(['acme']),
    triggers: [{ name: 'pre-sign-up', cognitoTrigger: 'PreSignUp', handler: FIXTURE }],
    streamConsumers: [{ name: 'mailer', handler: FIXTURE }],
  });

  it('gives each its own function', () => {
    // + the fallback, the sweeper and the tenant-seed function with its provider framework function.
    expect(resourcesOf(templates, 'AWS::Lambda::Function')).toHaveLength(fixtureRoutes.length + 2 + STACK_FUNCTIONS + 2);
    expect(stack.triggerFunctions.has('PreSignUp')).toBe(true);
    expect(stack.consumerFunctions.has('mailer')).toBe(true);
  });

  it("lets Cognito invoke a trigger for this account's pools, in one grant whatever the number of tenants", () => {
    const grants = resourcesOf(templates, 'AWS::Lambda::Permission').filter((p) => p.Properties.Principal === 'cognito-idp.amazonaws.com');
    expect(grants).toHaveLength(1);
    expect(grants[0]!.Properties).toEqual({
      Action: 'lambda:InvokeFunction',
      FunctionName: { 'Fn::GetAtt': [expect.stringMatching(/^TriggerPreSignUp/), 'Arn'] },
      Principal: 'cognito-idp.amazonaws.com',
      SourceAccount: { Ref: 'AWS::AccountId' },
      SourceArn: {
        'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':cognito-idp:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':userpool/*']],
      },
    });
  });

  it('feeds a consumer from the table stream with retries, bisection, partial batches and a DLQ', () => {
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      StartingPosition: 'TRIM_HORIZON',
      MaximumRetryAttempts: STREAM_RETRY_ATTEMPTS,
      BisectBatchOnFunctionError: true,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      DestinationConfig: { OnFailure: { Destination: Match.anyValue() } },
    });
    template.resourceCountIs('AWS::SQS::Queue', 1);
  });

  it('refuses two triggers for the same Cognito trigger source', () => {
    expect(() =>
      synth({
        routes: fixtureRoutes,
        triggers: [
          { name: 'a', cognitoTrigger: 'PreSignUp', handler: FIXTURE },
          { name: 'b', cognitoTrigger: 'PreSignUp', handler: FIXTURE },
        ],
      }),
    ).toThrow(/both handle PreSignUp/);
  });
});

describe('CloudFormation validation', () => {
  // Loading CDK's WASM rule engine takes seconds, many more on a busy 2-core runner.
  it("passes CDK's built-in template rules with every kind of function present", { timeout: 120_000 }, () => {
    expect(() =>
      synth(
        {
          routes: fixtureRoutes,
          triggers: [{ name: 'pre-sign-up', cognitoTrigger: 'PreSignUp', handler: FIXTURE }],
          streamConsumers: [{ name: 'mailer', handler: FIXTURE }],
          extraPermissions: { ...fixturePermissions, 'pre-sign-up': { table: 'write' }, mailer: { table: 'write', sendMail: true } },
          tenants: parseTenantConfig([{ id: 'acme', displayName: 'Acme', mode: 'scim', adminEmails: ['admin@acme.example'] }]),
        },
        { validate: true },
      ),
    ).not.toThrow();
  });
});

describe('route table checks', () => {
  it('refuses two entries with the same method and path', () => {
    expect(() => synth({ routes: [...fixtureRoutes, { ...fixtureRoutes[0]!, name: 'test.dup' }], extraPermissions: fixturePermissions })).toThrow(
      /appears twice/,
    );
  });

  it('refuses a route with no declared permissions', () => {
    expect(() => synth({ routes: fixtureRoutes })).toThrow(/Function test\.(one|two) has no entry in infra\/function-permissions.ts/);
  });
});
