/**
 * The HTTP kit's request metrics (shared/http/metrics.ts): which values a request
 * produces, which tenant they are filed under, and the EMF lines a Lambda prints
 * (none outside Lambda).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { METRICS_NAMESPACE, noteRequestTenant, recordRequest, requestMetricValues, tenantOf } from '../../shared/http/metrics.js';

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

  it('file a request under the authenticated tenant before the path\'s', () => {
    const event = { pathParameters: { tenantId: 'from-path' } };
    expect(tenantOf({ route: 'scim.users.list', status: 200, event })).toBe('from-path');
    noteRequestTenant(event, 'from-token');
    expect(tenantOf({ route: 'scim.users.list', status: 200, event })).toBe('from-token');
    expect(tenantOf({ route: 'service.health', status: 200, event: { pathParameters: null } })).toBeUndefined();
  });
});

describe('recordRequest', () => {
  afterEach(() => vi.unstubAllEnvs());

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
    const emf = lines.filter((line) => line.includes('"_aws"')).map((line) => JSON.parse(line) as Record<string, unknown> & { _aws: { CloudWatchMetrics: Array<{ Namespace: string; Dimensions: string[][] }> } });
    expect(emf).toHaveLength(2);
    expect(emf.map((e) => e._aws.CloudWatchMetrics[0]!.Namespace)).toEqual([METRICS_NAMESPACE, METRICS_NAMESPACE]);
    expect(emf.map((e) => e._aws.CloudWatchMetrics[0]!.Dimensions[0]!.sort())).toEqual([['route', 'service'], ['service', 'tenant']]);
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
  });
});
