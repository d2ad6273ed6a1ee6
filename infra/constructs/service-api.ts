/**
 * The HTTP API and its one stage: the stage-wide throttle, JSON access logs, and
 * the custom domain when there is one (the execute-api endpoint is then off).
 * CORS is not configured API-wide: it would answer SCIM preflights too; the kit
 * and the `$default` fallback serve it for the browser routes only
 * (shared/http/cors.ts). The routes are added by `ApiRoutes`.
 *
 * Built in the stack's own scope so the API, stage and log group keep their
 * logical ids (function-context.ts says why).
 */
import type { Stack } from 'aws-cdk-lib';
import { DomainName, HttpApi, LogGroupLogDestination, type HttpStage } from 'aws-cdk-lib/aws-apigatewayv2';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import { Certificate } from 'aws-cdk-lib/aws-certificatemanager';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { DEFAULT_THROTTLE } from './api-throttling.js';

export interface ServiceApiProps {
  /** Serve the API on this domain, with an ACM certificate of the stack's region. */
  customDomain?: { domainName: string; certificateArn: string };
}

/** One line of JSON per request. */
const ACCESS_LOG_FORMAT = AccessLogFormat.custom(
  JSON.stringify({
    requestId: '$context.requestId',
    routeKey: '$context.routeKey',
    status: '$context.status',
    latencyMs: '$context.responseLatency',
    integrationLatencyMs: '$context.integrationLatency',
    integrationError: '$context.integrationErrorMessage',
    errorMessage: '$context.error.message',
    path: '$context.path',
    sourceIp: '$context.identity.sourceIp',
    userAgent: '$context.identity.userAgent',
    time: '$context.requestTime',
  }),
);

export class ServiceApi {
  readonly api: HttpApi;
  readonly stage: HttpStage;
  /** The host name clients reach the API at: the custom domain, or the execute-api host. */
  readonly domainName: string;
  /** `https://` + `domainName`. */
  readonly url: string;

  constructor(stack: Stack, props: ServiceApiProps) {
    const { customDomain } = props;
    this.api = new HttpApi(stack, 'Api', {
      description: 'User provisioning: SCIM 2.0 and admin API',
      createDefaultStage: false,
      disableExecuteApiEndpoint: customDomain !== undefined,
    });
    this.stage = this.api.addStage('DefaultStage', {
      stageName: '$default',
      autoDeploy: true,
      throttle: DEFAULT_THROTTLE,
      domainMapping: customDomain
        ? {
            domainName: new DomainName(stack, 'CustomDomain', {
              domainName: customDomain.domainName,
              certificate: Certificate.fromCertificateArn(stack, 'CustomDomainCertificate', customDomain.certificateArn),
            }),
          }
        : undefined,
      accessLogSettings: {
        destination: new LogGroupLogDestination(new LogGroup(stack, 'ApiAccessLogs', { retention: RetentionDays.ONE_MONTH })),
        format: ACCESS_LOG_FORMAT,
      },
    });
    this.domainName = customDomain?.domainName ?? `${this.api.apiId}.execute-api.${stack.region}.${stack.urlSuffix}`;
    this.url = customDomain ? `https://${customDomain.domainName}` : this.api.apiEndpoint;
  }
}
