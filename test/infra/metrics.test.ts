/**
 * The request metrics (shared/observability/metrics.ts): which values a request
 * produces, which tenant they are filed under, and the EMF lines a Lambda prints
 * (none outside Lambda).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { METRICS_NAMESPACE, noteRequestTenant, recordRequest, requestMetricValues, tenantOf } from '../../shared/observability/metrics.js';

/** Runs `action` and returns what it wrote to stdout or console.log. */
function printed(action: () => void): string[] {
  const lines: string[] = [];
  const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    lines.push(String(chunk));
    return true;
  });
  const log = vi.spyOn(console, 'log').mockImplementation((line: unknown) => void lines.push(String(line)));
  try {
    action();
  } finally {
    write.mockRestore();
    log.mockRestore();
  }
  return lines;
}

type Json = Record<string, unknown>;

/**
 * The EMF specification's rules for one document, checked strictly: `_aws` holds only a numeric
 * Timestamp and CloudWatchMetrics; each directive only Namespace, Dimensions, Metrics; every
 * dimension key names a top-level string, every metric name a top-level finite number.
 */
function expectValidEmf(document: Json): void {
  const aws = document._aws as Json;
  expect(Object.keys(aws).sort()).toEqual(['CloudWatchMetrics', 'Timestamp']);
  expect(Number.isInteger(aws.Timestamp)).toBe(true);
  const directives = aws.CloudWatchMetrics as Json[];
  expect(directives.length).toBeGreaterThan(0);
  for (const directive of directives) {
    expect(Object.keys(directive).sort()).toEqual(['Dimensions', 'Metrics', 'Namespace']);
    expect(typeof directive.Namespace).toBe('string');
    const dimensionSets = directive.Dimensions as unknown[][];
    for (const set of dimensionSets) {
      expect(set.length).toBeGreaterThan(0);
      expect(set.length).toBeLessThanOrEqual(30);
      for (const name of set) {
        expect(typeof name).toBe('string');
        expect(typeof document[name as string]).toBe('string');
      }
    }
    const metrics = directive.Metrics as Json[];
    expect(metrics.length).toBeGreaterThan(0);
    expect(metrics.length).toBeLessThanOrEqual(100);
    for (const metric of metrics) {
      expect(Object.keys(metric).sort()).toEqual(['Name', 'Unit']);
      const value = document[metric.Name as string];
      expect(typeof value === 'number' && Number.isFinite(value)).toBe(true);
    }
  }
}

describe('request metric values', () => {
  it('count the request and classify its status', () => {
    expect(requestMetricValues({ route: 'users.get', status: 200, durationMs: 12 })).toEqual([
      { name: 'Requests', unit: 'Count', value: 1 },
      { name: 'ClientErrors', unit: 'Count', value: 0 },
      { name: 'ServerErrors', unit: 'Count', value: 0 },
      { name: 'Latency', unit: 'Milliseconds', value: 12 },
    ]);
    expect(requestMetricValues({ route: 'users.get', status: 409 }).map((v) => v.value)).toEqual([1, 1, 0]);
    expect(requestMetricValues({ route: 'users.get', status: 503 }).map((v) => v.value)).toEqual([1, 0, 1]);
  });

  it("file a request under the authenticated tenant before the path's", () => {
    const event = { pathParameters: { tenantId: 'from-path' } };
    expect(tenantOf({ route: 'scim.users.list', status: 200, event })).toBe('from-path');
    noteRequestTenant(event, 'from-token');
    expect(tenantOf({ route: 'scim.users.list', status: 200, event })).toBe('from-token');
    expect(tenantOf({ route: 'service.health', status: 200, event: { pathParameters: null } })).toBeUndefined();
  });
});

describe('recordRequest', () => {
  afterEach(() => vi.unstubAllEnvs());

  it('prints EMF documents exactly as the specification shapes them', () => {
    vi.stubEnv('AWS_LAMBDA_FUNCTION_NAME', 'users-get');
    const before = Date.now();
    const lines = printed(() => recordRequest({ route: 'users.get', status: 404, durationMs: 7.5, event: { pathParameters: { tenantId: 'acme' } } }));
    expect(lines).toHaveLength(2);
    expect(lines.every((line) => line.endsWith('}\n') && !line.slice(0, -1).includes('\n'))).toBe(true);
    const [route, tenant] = lines.map((line) => JSON.parse(line) as Json);
    for (const document of [route!, tenant!]) expectValidEmf(document);
    const timestamp = (route!._aws as Json).Timestamp as number;
    expect(timestamp).toBeGreaterThanOrEqual(before);
    expect(timestamp).toBeLessThanOrEqual(Date.now());
    const metrics = [
      { Name: 'Requests', Unit: 'Count' },
      { Name: 'ClientErrors', Unit: 'Count' },
      { Name: 'ServerErrors', Unit: 'Count' },
      { Name: 'Latency', Unit: 'Milliseconds' },
    ];
    expect(route).toEqual({
      _aws: { Timestamp: timestamp, CloudWatchMetrics: [{ Namespace: 'Provisioning', Dimensions: [['service', 'route']], Metrics: metrics }] },
      service: 'provisioning',
      route: 'users.get',
      Requests: 1,
      ClientErrors: 1,
      ServerErrors: 0,
      Latency: 7.5,
    });
    expect(tenant).toEqual({
      _aws: {
        Timestamp: (tenant!._aws as Json).Timestamp,
        CloudWatchMetrics: [{ Namespace: 'Provisioning', Dimensions: [['service', 'tenant']], Metrics: metrics }],
      },
      service: 'provisioning',
      tenant: 'acme',
      Requests: 1,
      ClientErrors: 1,
      ServerErrors: 0,
      Latency: 7.5,
    });
  });

  it('skip a non-finite latency and print only the route set when no tenant is known', () => {
    vi.stubEnv('AWS_LAMBDA_FUNCTION_NAME', 'users-get');
    const lines = printed(() => recordRequest({ route: 'service.health', status: 200, durationMs: Number.NaN }));
    expect(lines).toHaveLength(1);
    const document = JSON.parse(lines[0]!) as Json;
    expectValidEmf(document);
    expect((document._aws as { CloudWatchMetrics: Json[] }).CloudWatchMetrics[0]!.Metrics).toEqual([
      { Name: 'Requests', Unit: 'Count' },
      { Name: 'ClientErrors', Unit: 'Count' },
      { Name: 'ServerErrors', Unit: 'Count' },
    ]);
    expect(document).not.toHaveProperty('Latency');
  });

  it('skip a dimension set whose value is not a non-empty string', () => {
    vi.stubEnv('AWS_LAMBDA_FUNCTION_NAME', 'users-get');
    const lines = printed(() => recordRequest({ route: '', status: 200, event: { pathParameters: { tenantId: 'acme' } } }));
    expect(lines.map((line) => (JSON.parse(line) as Json).tenant)).toEqual(['acme']);
  });

  it('print nothing when METRICS_DISABLED is true', () => {
    vi.stubEnv('AWS_LAMBDA_FUNCTION_NAME', 'users-get');
    vi.stubEnv('METRICS_DISABLED', 'true');
    expect(printed(() => recordRequest({ route: 'users.get', status: 200 }))).toEqual([]);
  });

  it('prints one EMF line per dimension set inside Lambda', () => {
    vi.stubEnv('AWS_LAMBDA_FUNCTION_NAME', 'users-get');
    const lines: string[] = [];
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      lines.push(String(chunk));
      return true;
    });
    const log = vi.spyOn(console, 'log').mockImplementation((line: unknown) => void lines.push(String(line)));
    recordRequest({ route: 'users.get', status: 500, durationMs: 3, event: { pathParameters: { tenantId: 'acme' } } });
    spy.mockRestore();
    log.mockRestore();
    const emf = lines
      .filter((line) => line.includes('"_aws"'))
      .map((line) => JSON.parse(line) as Record<string, unknown> & { _aws: { CloudWatchMetrics: Array<{ Namespace: string; Dimensions: string[][] }> } });
    expect(emf).toHaveLength(2);
    expect(emf.map((e) => e._aws.CloudWatchMetrics[0]!.Namespace)).toEqual([METRICS_NAMESPACE, METRICS_NAMESPACE]);
    expect(emf.map((e) => e._aws.CloudWatchMetrics[0]!.Dimensions[0]!.sort())).toEqual([
      ['route', 'service'],
      ['service', 'tenant'],
    ]);
    expect(emf[0]).toMatchObject({ route: 'users.get', ServerErrors: 1, Requests: 1 });
    expect(emf[1]).toMatchObject({ tenant: 'acme', ServerErrors: 1 });
  });

  it('prints nothing outside Lambda', () => {
    delete process.env.AWS_LAMBDA_FUNCTION_NAME;
    const log = vi.spyOn(console, 'log');
    const write = vi.spyOn(process.stdout, 'write');
    recordRequest({ route: 'users.get', status: 200 });
    expect(log).not.toHaveBeenCalled();
    expect(write).not.toHaveBeenCalled();
    expect(printed(() => recordRequest({ route: 'users.get', status: 500, durationMs: 1, event: { pathParameters: { tenantId: 'acme' } } }))).toEqual([]);
  });
});
