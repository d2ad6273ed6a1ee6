/**
 * Per-route and per-tenant request metrics as CloudWatch embedded metric format
 * (Powertools Metrics): one EMF log line per request, so metrics cost no API
 * call and no latency. Dimension sets: {service, route} for the route's health
 * and {service, tenant} for a tenant's traffic (an IdP storm shows up under its
 * tenant). Emitted only inside Lambda: locally and in tests the same code runs
 * and nothing is printed.
 */
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';

export const METRICS_NAMESPACE = 'Provisioning';
export const SERVICE_NAME = 'provisioning';

/** The EMF metric names the dashboard and alarms read. */
export const REQUEST_METRICS = {
  requests: 'Requests',
  clientErrors: 'ClientErrors',
  serverErrors: 'ServerErrors',
  latency: 'Latency',
} as const;

let metrics: Metrics | undefined;
const inLambda = (): boolean => process.env.AWS_LAMBDA_FUNCTION_NAME !== undefined && process.env.POWERTOOLS_METRICS_DISABLED !== 'true';

/** The tenant a request turned out to belong to (known only after authentication), by event. */
const tenants = new WeakMap<object, string>();

/** Remembers the request's tenant for its metrics; per event, because a warm Lambda serves many tenants. */
export function noteRequestTenant(event: object, tenantId: string): void {
  tenants.set(event, tenantId);
}

export interface RequestOutcome {
  route: string;
  status: number;
  durationMs?: number;
  /** Falls back to the tenant noted for `event`, then to the path's `{tenantId}`. */
  event?: { pathParameters?: Record<string, string | undefined> | null };
}

/** The metric lines of one request: every metric under both dimension sets. Pure, for tests and for `recordRequest`. */
export interface MetricValue {
  name: string;
  unit: (typeof MetricUnit)[keyof typeof MetricUnit];
  value: number;
}

export function requestMetricValues(outcome: RequestOutcome): MetricValue[] {
  const values: MetricValue[] = [
    { name: REQUEST_METRICS.requests, unit: MetricUnit.Count, value: 1 },
    { name: REQUEST_METRICS.clientErrors, unit: MetricUnit.Count, value: outcome.status >= 400 && outcome.status < 500 ? 1 : 0 },
    { name: REQUEST_METRICS.serverErrors, unit: MetricUnit.Count, value: outcome.status >= 500 ? 1 : 0 },
  ];
  if (outcome.durationMs !== undefined) values.push({ name: REQUEST_METRICS.latency, unit: MetricUnit.Milliseconds, value: outcome.durationMs });
  return values;
}

/** The tenant a request's metrics are filed under, if any. */
export function tenantOf(outcome: RequestOutcome): string | undefined {
  return (outcome.event && tenants.get(outcome.event)) ?? outcome.event?.pathParameters?.tenantId ?? undefined;
}

/** Publishes one request's metrics. Never throws: metrics must not fail a request. */
export function recordRequest(outcome: RequestOutcome): void {
  if (!inLambda()) return;
  try {
    metrics ??= new Metrics({ namespace: METRICS_NAMESPACE, serviceName: SERVICE_NAME });
    const values = requestMetricValues(outcome);
    publish(metrics, { route: outcome.route }, values);
    const tenant = tenantOf(outcome);
    if (tenant) publish(metrics, { tenant }, values);
  } catch {
    // An EMF serialization problem is not the client's; the request already has its answer.
  }
}

function publish(target: Metrics, dimensions: Record<string, string>, values: MetricValue[]): void {
  target.addDimensions(dimensions);
  for (const { name, unit, value } of values) target.addMetric(name, unit, value);
  target.publishStoredMetrics();
}
