/**
 * Offline: what operating the service relies on — per-route throttles sized for
 * IdP bursts, CORS only when a console origin is named, the optional custom
 * domain, alarms and dashboard, the outbox sweeper's schedule, the tenant pools'
 * sign-in security, and room under CloudFormation's 500-resource limit.
 */
import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { routes } from '../../shared/http/route-table.js';
import { DEFAULT_THROTTLE, PUBLIC_THROTTLE, SCIM_TENANT_RATE, SCIM_THROTTLE, throttleOf } from '../../infra/constructs/api-throttling.js';
import { PASSWORD_POLICY } from '../../infra/constructs/pool-security.js';
import { SWEEP_EVERY } from '../../infra/constructs/outbox-sweeper.js';
import { exampleTenants, resourcesOf, STUB_CONSOLE, synth } from './synth.js';

/** CloudFormation's hard limit is 500; the rest is room for routes and tenants to come. */
const RESOURCE_BUDGET = 400;

/** Synthesized once per file when first asked for: the tests below only read the templates. */
const once = <T>(build: () => T): (() => T) => {
  let built: T | undefined;
  return () => (built ??= build());
};
const bare = once(() => synth());
const oneTenant = once(() => synth({ tenants: exampleTenants(['acme']) }));
const twoOrigins = once(() => synth({ corsAllowedOrigins: ['https://console.example.com', 'https://admin.example.com'] }));

describe('throttling', () => {
  const { template } = bare();
  const settings = resourcesOf([template], 'AWS::ApiGatewayV2::Stage')[0]!.Properties as {
    DefaultRouteSettings: Record<string, number>;
    RouteSettings: Record<string, { ThrottlingRateLimit: number; ThrottlingBurstLimit: number }>;
  };

  it('names every route with its own limits', () => {
    expect(Object.keys(settings.RouteSettings).sort()).toEqual(routes.map((r) => `${r.method} ${r.path}`).sort());
    expect(settings.DefaultRouteSettings).toMatchObject({ ThrottlingRateLimit: DEFAULT_THROTTLE.rateLimit, ThrottlingBurstLimit: DEFAULT_THROTTLE.burstLimit });
  });

  it("lets several tenants burst at Entra's 25 requests per second on every SCIM route", () => {
    for (const route of routes.filter((r) => r.auth === 'scim')) {
      const limits = settings.RouteSettings[`${route.method} ${route.path}`]!;
      expect(limits).toEqual({ ThrottlingRateLimit: SCIM_THROTTLE.rateLimit, ThrottlingBurstLimit: SCIM_THROTTLE.burstLimit });
      expect(limits.ThrottlingRateLimit).toBeGreaterThanOrEqual(4 * SCIM_TENANT_RATE);
    }
    expect(SCIM_TENANT_RATE).toBeGreaterThanOrEqual(25);
  });

  it('keeps the public routes that take secrets low', () => {
    expect(throttleOf(routes.find((r) => r.name === 'users.acceptInvite')!)).toEqual(PUBLIC_THROTTLE);
    expect(throttleOf(routes.find((r) => r.name === 'users.resetPassword')!)).toEqual(PUBLIC_THROTTLE);
    expect(throttleOf(routes.find((r) => r.name === 'users.linkInfo')!)).toEqual(PUBLIC_THROTTLE);
    expect(PUBLIC_THROTTLE.rateLimit).toBeLessThan(DEFAULT_THROTTLE.rateLimit);
  });

  it('logs every request to the access log with its route and status', () => {
    const format = JSON.parse((settings as unknown as { AccessLogSettings: { Format: string } }).AccessLogSettings.Format) as Record<string, string>;
    expect(format).toMatchObject({ requestId: '$context.requestId', routeKey: '$context.routeKey', status: '$context.status' });
  });
});

describe('CORS', () => {
  it('is never API-wide, since HTTP API CORS would answer SCIM preflights too', () => {
    const { template } = twoOrigins();
    expect(resourcesOf([template], 'AWS::ApiGatewayV2::Api')[0]!.Properties.CorsConfiguration).toBeUndefined();
  });

  it('hands the named origins to the functions, and nothing when none is named', () => {
    const named = twoOrigins();
    const variables = (t: typeof named) =>
      (resourcesOf(t.templates, 'AWS::Lambda::Function')[0]!.Properties.Environment as { Variables: Record<string, unknown> }).Variables;
    expect(variables(named).CORS_ALLOWED_ORIGINS).toBe('https://console.example.com,https://admin.example.com');
    expect(variables(bare()).CORS_ALLOWED_ORIGINS).toBeUndefined();
  });
});

describe('custom domain', () => {
  it('maps the domain, turns the execute-api endpoint off and uses the domain as the public URL', () => {
    const { template, templates } = synth({
      customDomain: { domainName: 'api.example.com', certificateArn: 'arn:aws:acm:eu-west-1:111122223333:certificate/abc' },
    });
    template.hasResourceProperties('AWS::ApiGatewayV2::DomainName', { DomainName: 'api.example.com' });
    template.resourceCountIs('AWS::ApiGatewayV2::ApiMapping', 1);
    template.hasResourceProperties('AWS::ApiGatewayV2::Api', { DisableExecuteApiEndpoint: true });
    const fn = resourcesOf(templates, 'AWS::Lambda::Function')[0]!;
    expect((fn.Properties.Environment as { Variables: Record<string, unknown> }).Variables.PUBLIC_API_URL).toBe('https://api.example.com');
  });

  it('is absent by default', () => {
    const { template } = bare();
    template.resourceCountIs('AWS::ApiGatewayV2::DomainName', 0);
  });
});

describe('observability', () => {
  const { stack, template } = synth({ tenants: exampleTenants(['acme']), alarmEmail: 'ops@example.com' });

  it('alarms on 5xx rate, throttles, DLQ depth, stream lag, trigger and sweeper errors', () => {
    const alarms = stack.observability.alarms.map((alarm) => alarm.node.id).sort();
    expect(alarms).toEqual(['Api5xxRate', 'DeadLetters', 'LambdaThrottles', 'OutboxSweeperErrors', 'StreamIteratorAge', 'TableThrottles', 'TriggerErrors']);
    for (const alarm of resourcesOf([template], 'AWS::CloudWatch::Alarm')) {
      expect(alarm.Properties.AlarmActions).toEqual([{ Ref: expect.stringMatching(/^ObservabilityAlarmTopic/) }]);
    }
  });

  it('sums the errors of every trigger into one alarm', () => {
    const alarm = resourcesOf([template], 'AWS::CloudWatch::Alarm').find((a) => String(a.Properties.AlarmDescription).includes('Cognito trigger'))!;
    const metrics = alarm.Properties.Metrics as Array<{ Id: string; Expression?: string; MetricStat?: { Metric: { MetricName: string } } }>;
    expect(metrics.filter((m) => m.MetricStat?.Metric.MetricName === 'Errors')).toHaveLength(stack.triggerFunctions.size);
  });

  it('mails the alarms to the given address over an encrypted, TLS-only topic', () => {
    template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'ops@example.com' });
    template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue() });
    template.resourceCountIs('AWS::SNS::TopicPolicy', 1);
  });

  it('has a dashboard with the per-route and per-tenant metrics', () => {
    const body = JSON.stringify(resourcesOf([template], 'AWS::CloudWatch::Dashboard')[0]!.Properties.DashboardBody);
    expect(body).toContain('Provisioning,route,service');
    expect(body).toContain('Provisioning,tenant,service');
  });
});

describe('the outbox sweeper', () => {
  it('runs on a schedule', () => {
    const { template } = bare();
    template.hasResourceProperties('AWS::Events::Rule', { ScheduleExpression: `rate(${SWEEP_EVERY.toMinutes()} minutes)`, State: 'ENABLED' });
  });
});

describe('tenant user pools', () => {
  it('get the password policy, optional TOTP MFA and, on request, threat protection', () => {
    const plain = oneTenant().tenantTemplate;
    plain.hasResourceProperties('AWS::Cognito::UserPool', {
      Policies: { PasswordPolicy: Match.objectLike({ MinimumLength: PASSWORD_POLICY.minLength, RequireSymbols: true }) },
      MfaConfiguration: 'OPTIONAL',
      EnabledMfas: ['SOFTWARE_TOKEN_MFA'],
      UserPoolTier: 'ESSENTIALS',
    });
    const guarded = synth({ tenants: exampleTenants(['acme']), threatProtection: true }).tenantTemplate;
    guarded.hasResourceProperties('AWS::Cognito::UserPool', {
      UserPoolTier: 'PLUS',
      UserPoolAddOns: { AdvancedSecurityMode: 'ENFORCED' },
    });
  });

  it('issue access tokens for 15 minutes by default', () => {
    const { tenantTemplate } = oneTenant();
    tenantTemplate.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      AccessTokenValidity: 15,
      TokenValidityUnits: Match.objectLike({ AccessToken: 'minutes' }),
    });
  });
});

describe('resource budget', () => {
  it('keeps every stack well under 500 resources with the real tables, ten tenants and the console', () => {
    const { templates } = synth({
      tenants: exampleTenants(Array.from({ length: 10 }, (_, i) => `tenant${i}`)),
      alarmEmail: 'ops@example.com',
      console: STUB_CONSOLE,
    });
    for (const template of templates) {
      expect(Object.keys(template.toJSON().Resources as object).length).toBeLessThanOrEqual(RESOURCE_BUDGET);
    }
  });
});
