/**
 * The admin console in AWS: the built single-page app in a private S3 bucket,
 * served by CloudFront through Origin Access Control, with `/api/*` and
 * `/auth/*` routed to the HTTP API on the same origin (so the console needs no
 * CORS and the sign-in callback's redirect lands on it).
 *
 * - Default behaviour: the bucket, cached; a CloudFront function answers
 *   `index.html` for any path without a file extension (the app's history
 *   routes). Not `errorResponses`: those apply to every behaviour and would turn
 *   the API's own 403 and 404 answers into the app's HTML.
 * - `/api/*`, `/auth/*`: the API, every method, nothing cached, every viewer
 *   header, query string and cookie forwarded except `Host` (API Gateway
 *   routes by its own host name).
 * - Security headers on every answer; the console's CSP allows network calls to
 *   its own origin and to Cognito's endpoint (password sign-in from the browser).
 * - The build (`console/dist`, made by `npm run console:build` before synth) is
 *   deployed in two steps: hashed `assets/` cached for a year, then the rest
 *   and a generated `config.json` with `no-cache`, so a new `index.html` never
 *   names assets that are not there yet. Old assets are kept (no pruning) for
 *   pages loaded before a deploy.
 */
import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Certificate } from 'aws-cdk-lib/aws-certificatemanager';
import {
  AllowedMethods,
  CachePolicy,
  Distribution,
  Function as CloudFrontFunction,
  FunctionCode,
  FunctionEventType,
  FunctionRuntime,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  HttpVersion,
  OriginProtocolPolicy,
  OriginRequestPolicy,
  OriginSslPolicy,
  PriceClass,
  ResponseHeadersPolicy,
  SecurityPolicyProtocol,
  ViewerProtocolPolicy,
  type ResponseSecurityHeadersBehavior,
} from 'aws-cdk-lib/aws-cloudfront';
import { HttpOrigin, S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, CacheControl, Source } from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import { consoleCsp } from '../console-headers.js';
import { acknowledgeConsoleHosting } from './nag-acknowledgements.js';

/** The runtime configuration the app fetches at start; `apiUrl: ""` is its own origin. */
export interface ConsoleRuntimeConfig {
  apiUrl: string;
  defaultTenantId?: string;
}

export interface ConsoleHostingProps {
  /** The console's build (`console/dist`); tests pass a stub. */
  assetDir: string;
  /** Host name of the HTTP API (its execute-api host or custom domain), the origin of `/api/*` and `/auth/*`. */
  apiDomainName: string;
  /** Preselected on the sign-in page when the deployment serves one tenant mostly. */
  defaultTenantId?: string;
  /** Serve the console on a custom domain; the certificate must be in us-east-1 (CloudFront's rule). */
  domain?: { domainName: string; certificateArn: string };
}

/** Paths the API answers; the rest is the app. */
export const CONSOLE_API_PATHS = ['/api/*', '/auth/*'] as const;

/** Viewer-request rewrite: a path whose last segment has no `.` is a route of the app. */
export const SPA_REWRITE_CODE = `function handler(event) {
  var request = event.request;
  var last = request.uri.substring(request.uri.lastIndexOf('/') + 1);
  if (last.indexOf('.') === -1) request.uri = '/index.html';
  return request;
}`;

export class ConsoleHosting extends Construct {
  readonly bucket: Bucket;
  readonly logBucket: Bucket;
  readonly distribution: Distribution;
  /** `https://` + the console's host name. */
  readonly url: string;

  constructor(scope: Construct, id: string, props: ConsoleHostingProps) {
    super(scope, id);
    const stack = Stack.of(this);

    // Server access logs of the site bucket and CloudFront's standard logs (which need ACLs on their bucket).
    this.logBucket = new Bucket(this, 'AccessLogs', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      encryption: BucketEncryption.S3_MANAGED,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_PREFERRED,
      lifecycleRules: [{ expiration: Duration.days(90) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.bucket = new Bucket(this, 'Site', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      encryption: BucketEncryption.S3_MANAGED,
      serverAccessLogsBucket: this.logBucket,
      serverAccessLogsPrefix: 'console-bucket/',
      removalPolicy: RemovalPolicy.RETAIN,
    });

    const cognitoOrigin = `https://cognito-idp.${stack.region}.${stack.urlSuffix}`;
    const hsts = { accessControlMaxAge: Duration.days(365), includeSubdomains: true, override: true };
    const baseHeaders: ResponseSecurityHeadersBehavior = {
      contentTypeOptions: { override: true },
      frameOptions: { frameOption: HeadersFrameOption.DENY, override: true },
      referrerPolicy: { referrerPolicy: HeadersReferrerPolicy.NO_REFERRER, override: true },
      strictTransportSecurity: hsts,
    };
    const appHeaders = new ResponseHeadersPolicy(this, 'AppHeaders', {
      comment: 'Admin console: CSP, no framing, no referrer, HSTS',
      securityHeadersBehavior: { ...baseHeaders, contentSecurityPolicy: { contentSecurityPolicy: consoleCsp(cognitoOrigin), override: true } },
    });
    // The API sets its own content headers; CloudFront adds only what no API answer should lack.
    const apiHeaders = new ResponseHeadersPolicy(this, 'ApiHeaders', {
      comment: 'Admin console API paths: nosniff, no framing, no referrer, HSTS',
      securityHeadersBehavior: baseHeaders,
    });

    const rewrite = new CloudFrontFunction(this, 'SpaRewrite', {
      comment: 'Paths without a file extension are routes of the console: answer index.html',
      runtime: FunctionRuntime.JS_2_0,
      code: FunctionCode.fromInline(SPA_REWRITE_CODE),
    });
    const api = new HttpOrigin(props.apiDomainName, {
      protocolPolicy: OriginProtocolPolicy.HTTPS_ONLY,
      originSslProtocols: [OriginSslPolicy.TLS_V1_2],
    });
    const apiBehavior = {
      origin: api,
      allowedMethods: AllowedMethods.ALLOW_ALL,
      cachePolicy: CachePolicy.CACHING_DISABLED,
      originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
      responseHeadersPolicy: apiHeaders,
      viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
    };

    this.distribution = new Distribution(this, 'Distribution', {
      comment: 'Admin console and its API paths',
      defaultRootObject: 'index.html',
      httpVersion: HttpVersion.HTTP2_AND_3,
      priceClass: PriceClass.PRICE_CLASS_100,
      // The default *.cloudfront.net certificate's TLS policy is fixed by AWS; a custom domain gets TLS 1.2 at least.
      ...(props.domain
        ? {
            domainNames: [props.domain.domainName],
            certificate: Certificate.fromCertificateArn(this, 'Certificate', props.domain.certificateArn),
            minimumProtocolVersion: SecurityPolicyProtocol.TLS_V1_2_2021,
          }
        : {}),
      enableLogging: true,
      logBucket: this.logBucket,
      logFilePrefix: 'cloudfront/',
      defaultBehavior: {
        origin: S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        cachePolicy: CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: appHeaders,
        functionAssociations: [{ function: rewrite, eventType: FunctionEventType.VIEWER_REQUEST }],
      },
      additionalBehaviors: Object.fromEntries(CONSOLE_API_PATHS.map((path) => [path, apiBehavior])),
    });
    this.url = `https://${props.domain?.domainName ?? this.distribution.distributionDomainName}`;

    const assets = new BucketDeployment(this, 'DeployAssets', {
      sources: [Source.asset(props.assetDir)],
      destinationBucket: this.bucket,
      include: ['assets/*'],
      exclude: ['*'],
      cacheControl: [CacheControl.setPublic(), CacheControl.maxAge(Duration.days(365)), CacheControl.immutable()],
      prune: false,
    });
    const config: ConsoleRuntimeConfig = { apiUrl: '', ...(props.defaultTenantId ? { defaultTenantId: props.defaultTenantId } : {}) };
    const pages = new BucketDeployment(this, 'DeployPages', {
      sources: [Source.asset(props.assetDir), Source.jsonData('config.json', config)],
      destinationBucket: this.bucket,
      exclude: ['assets/*'],
      cacheControl: [CacheControl.noCache()],
      prune: false,
      distribution: this.distribution,
      distributionPaths: ['/*'],
    });
    pages.node.addDependency(assets);
    acknowledgeConsoleHosting({ distribution: this.distribution, siteBucket: this.bucket, deploymentRole: assets.handlerRole });
  }
}
