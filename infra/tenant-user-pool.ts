/**
 * Everything one tenant needs besides the shared table and API: its Cognito
 * user pool (self sign-up off, short-lived tokens, the sign-in triggers), an
 * app client for the browser sign-in (`/auth/{tenantId}/callback`, PKCE, no
 * secret), a hosted domain, its SAML or OIDC identity provider, an SES identity
 * and configuration set for its sender, and the custom resource that seeds its
 * settings, first admins and pool → tenant mapping into the table.
 */
import { CustomResource, Duration, RemovalPolicy, SecretValue, Stack } from 'aws-cdk-lib';
import {
  LambdaVersion,
  OAuthScope,
  ProviderAttribute,
  UserPool,
  UserPoolClient,
  UserPoolClientIdentityProvider,
  UserPoolIdentityProviderOidc,
  UserPoolIdentityProviderSaml,
  UserPoolIdentityProviderSamlMetadata,
  UserPoolOperation,
  AccountRecovery,
  ClientAttributes,
  type IUserPoolIdentityProvider,
} from 'aws-cdk-lib/aws-cognito';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { ConfigurationSet, EmailIdentity, Identity } from 'aws-cdk-lib/aws-ses';
import { Construct } from 'constructs';
import type { CognitoTrigger } from '../shared/triggers/trigger-table.js';
import type { ProvisionTenantInput } from '../shared/tenant-setup/provision-tenant.js';
import type { TenantConfig } from './tenant-config.js';
import { poolSecurityProps, type PoolSecurity } from './constructs/pool-security.js';

export interface TenantUserPoolProps {
  tenant: TenantConfig;
  /** The deployment's (root stack's) name: pools are named `<deployment>-<tenant id>` wherever they live. */
  deploymentName: string;
  /** Trigger source → function (the stack's, shared by every tenant's pool). */
  triggers: ReadonlyMap<CognitoTrigger, IFunction>;
  /** The service token of the stack's tenant-seeding provider. */
  seedServiceToken: string;
  /** The API's public base URL (a token when it is the API's own endpoint). */
  publicApiUrl: string;
  /** The stack's hosted console, for tenants that name no `pool.consoleUrl` of their own. */
  defaultConsoleUrl?: string;
  /** Password policy, MFA and threat protection (constructs/pool-security.ts). */
  security?: PoolSecurity;
}

const OPERATIONS: Record<Exclude<CognitoTrigger, 'PreTokenGeneration'>, UserPoolOperation> = {
  PreSignUp: UserPoolOperation.PRE_SIGN_UP,
  PostConfirmation: UserPoolOperation.POST_CONFIRMATION,
  PreAuthentication: UserPoolOperation.PRE_AUTHENTICATION,
  PostAuthentication: UserPoolOperation.POST_AUTHENTICATION,
};

export class TenantUserPool extends Construct {
  readonly userPool: UserPool;
  readonly client: UserPoolClient;
  readonly identityProvider?: IUserPoolIdentityProvider;

  constructor(scope: Construct, id: string, props: TenantUserPoolProps) {
    super(scope, id);
    const { tenant } = props;
    const stack = Stack.of(this);
    const consoleUrl = tenant.pool.consoleUrl ?? props.defaultConsoleUrl;
    const removalPolicy = tenant.pool.forceRemoval ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN;

    this.userPool = new UserPool(this, 'UserPool', {
      userPoolName: `${props.deploymentName}-${tenant.id}`,
      // Accounts are created by this service (invites, seeding) or by federation; never by strangers.
      selfSignUpEnabled: false,
      signInAliases: { username: true, email: true },
      signInCaseSensitive: false,
      standardAttributes: { email: { required: false, mutable: true }, fullname: { required: false, mutable: true } },
      // A person's own email change (UpdateUserAttributes) waits for the code sent to the new address;
      // until then the verified one stays. Sign-in never reads the email anyway (shared/signin/cognito-account.ts).
      autoVerify: { email: true },
      keepOriginal: { email: true },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      // V2 pre-token-generation events (claims in access tokens too) need the Essentials plan (or Plus).
      ...poolSecurityProps(props.security),
      deletionProtection: !tenant.pool.forceRemoval,
      removalPolicy,
    });
    for (const [source, operation] of Object.entries(OPERATIONS) as Array<[CognitoTrigger, UserPoolOperation]>) {
      const fn = props.triggers.get(source);
      if (fn) this.userPool.addTrigger(operation, fn);
    }
    const tokenTrigger = props.triggers.get('PreTokenGeneration');
    if (tokenTrigger) this.userPool.addTrigger(UserPoolOperation.PRE_TOKEN_GENERATION_CONFIG, tokenTrigger, LambdaVersion.V2_0);

    this.identityProvider = tenant.sso ? this.addIdentityProvider(tenant) : undefined;
    const domainPrefix = tenant.pool.domainPrefix ?? `${tenant.id}-signin`;
    const domain = this.userPool.addDomain('Domain', { cognitoDomain: { domainPrefix } });
    const callbackUrl = `${props.publicApiUrl}/auth/${tenant.id}/callback`;
    this.client = this.userPool.addClient('AppClient', {
      generateSecret: false,
      // adminUserPassword: change-password checks the old password with ADMIN_USER_PASSWORD_AUTH (cognito-directory.ts).
      authFlows: { userSrp: true, userPassword: true, adminUserPassword: true },
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      // What a signed-in person may rewrite with their own access token: their name. Email and every
      // custom attribute are the service's; Cognito requires write access only to the attributes an IdP
      // mapping fills, so a tenant with SSO lets the federation (not people: see keepOriginal) write those.
      writeAttributes: clientWriteAttributes(tenant),
      accessTokenValidity: Duration.minutes(tenant.pool.accessTokenMinutes),
      idTokenValidity: Duration.minutes(tenant.pool.accessTokenMinutes),
      refreshTokenValidity: Duration.hours(tenant.pool.refreshTokenHours),
      supportedIdentityProviders: [
        ...(tenant.sso ? [UserPoolClientIdentityProvider.custom(tenant.sso.providerName)] : []),
        // Password sign-in stays possible for break-glass admins even when SSO is enforced (the triggers decide who).
        UserPoolClientIdentityProvider.COGNITO,
      ],
      oAuth: {
        flows: { authorizationCodeGrant: true },
        scopes: [OAuthScope.OPENID, OAuthScope.EMAIL, OAuthScope.PROFILE],
        callbackUrls: [callbackUrl],
        logoutUrls: consoleUrl ? [consoleUrl] : undefined,
      },
    });
    if (this.identityProvider) this.client.node.addDependency(this.identityProvider);

    if (tenant.mailFrom) {
      const configurationSet = new ConfigurationSet(this, 'MailConfigurationSet', {});
      new EmailIdentity(this, 'MailIdentity', { identity: Identity.email(tenant.mailFrom), configurationSet });
    }

    const issuer = `https://cognito-idp.${stack.region}.${stack.urlSuffix}/${this.userPool.userPoolId}`;
    const settings: ProvisionTenantInput & { forceRemoval: boolean } = {
      id: tenant.id,
      displayName: tenant.displayName,
      mode: tenant.mode,
      userPoolId: this.userPool.userPoolId,
      appClientId: this.client.userPoolClientId,
      jwtIssuer: issuer,
      sso: tenant.sso ? domainSso(tenant.sso) : undefined,
      ssoEnforced: tenant.ssoEnforced,
      breakGlassEmails: tenant.breakGlassEmails.map((e) => e.toLowerCase()),
      trustIdpEmails: tenant.trustIdpEmails,
      linkOrigins: tenant.linkOrigins,
      attributeMapping: { email: tenant.attributeMapping.email, name: tenant.attributeMapping.name },
      mailFrom: tenant.mailFrom,
      signInClient: {
        issuer,
        clientId: this.client.userPoolClientId,
        authorizationEndpoint: domain.baseUrl() + '/oauth2/authorize',
        tokenEndpoint: domain.baseUrl() + '/oauth2/token',
        jwksUri: `${issuer}/.well-known/jwks.json`,
        scopes: ['openid', 'email', 'profile'],
        identityProvider: tenant.sso?.providerName,
      },
      consoleUrl,
      admins: tenant.adminEmails.map((email) => ({ email, cognitoUsername: email.toLowerCase() })),
      forceRemoval: tenant.pool.forceRemoval,
    };
    const seed = new CustomResource(this, 'Seed', {
      serviceToken: props.seedServiceToken,
      resourceType: 'Custom::TenantSeed',
      properties: { Settings: stack.toJsonString(settings) },
      removalPolicy: RemovalPolicy.DESTROY,
    });
    seed.node.addDependency(this.client);
  }

  private addIdentityProvider(tenant: TenantConfig): IUserPoolIdentityProvider {
    const sso = tenant.sso!;
    const mapping = tenant.attributeMapping;
    const attributeMapping = {
      email: ProviderAttribute.other(mapping.email),
      fullname: ProviderAttribute.other(mapping.name),
      ...(mapping.givenName ? { givenName: ProviderAttribute.other(mapping.givenName) } : {}),
      ...(mapping.familyName ? { familyName: ProviderAttribute.other(mapping.familyName) } : {}),
    };
    if (sso.type === 'oidc') {
      return new UserPoolIdentityProviderOidc(this, 'IdentityProvider', {
        userPool: this.userPool,
        name: sso.providerName,
        issuerUrl: sso.issuer,
        clientId: sso.clientId,
        // A CloudFormation dynamic reference: resolved at deploy, the secret never enters the template.
        clientSecret: SecretValue.secretsManager(sso.clientSecretArn).unsafeUnwrap(),
        scopes: sso.scopes,
        // The link-by-email rule reads it (shared/signin/link-policy.ts); SAML has no standard claim for it.
        attributeMapping: { ...attributeMapping, emailVerified: ProviderAttribute.other('email_verified') },
      });
    }
    return new UserPoolIdentityProviderSaml(this, 'IdentityProvider', {
      userPool: this.userPool,
      name: sso.providerName,
      metadata: sso.metadataUrl ? UserPoolIdentityProviderSamlMetadata.url(sso.metadataUrl) : UserPoolIdentityProviderSamlMetadata.file(sso.metadataDocument!),
      attributeMapping,
    });
  }
}

/** The standard attributes an app client may write: names, and what the tenant's IdP mapping fills. */
function clientWriteAttributes(tenant: TenantConfig): ClientAttributes {
  return new ClientAttributes().withStandardAttributes({
    fullname: true,
    givenName: true,
    familyName: true,
    ...(tenant.sso ? { email: true, ...(tenant.sso.type === 'oidc' ? { emailVerified: true } : {}) } : {}),
  });
}

/** The domain's record of the IdP: the secret's ARN becomes a reference, never a value. */
function domainSso(sso: NonNullable<TenantConfig['sso']>): NonNullable<ProvisionTenantInput['sso']> {
  if (sso.type === 'oidc') {
    return {
      type: 'oidc',
      providerName: sso.providerName,
      issuer: sso.issuer,
      clientId: sso.clientId,
      clientSecretRef: sso.clientSecretArn,
      scopes: sso.scopes,
    };
  }
  return sso.metadataUrl
    ? { type: 'saml', providerName: sso.providerName, metadataUrl: sso.metadataUrl }
    : { type: 'saml', providerName: sso.providerName, metadataDocument: sso.metadataDocument! };
}
