/**
 * The Cognito trigger table. The CDK stack makes one Lambda per entry and wires
 * it to the tenants' user pools; the local stack names the same entries in
 * cognito-local's config and serves them from its Lambda-invoke endpoint.
 *
 * Plain data, like the route table, so any bundle can include it cheaply.
 */

/** The Cognito trigger sources this service hooks into. */
export type CognitoTrigger = 'PreSignUp' | 'PostConfirmation' | 'PreAuthentication' | 'PostAuthentication' | 'PreTokenGeneration';

export interface TriggerDefinition {
  /** Stable id; the Lambda's logical name and the function name cognito-local invokes. */
  readonly name: string;
  readonly cognitoTrigger: CognitoTrigger;
  /** Handler module, relative to the repository root, exporting `handler`. */
  readonly handler: string;
}

export const triggers = [
  // Sign-in: see docs/sign-in.md for which trigger fires on which path.
  { name: 'signin-pre-sign-up', cognitoTrigger: 'PreSignUp', handler: 'functions/triggers/pre-sign-up.ts' },
  { name: 'signin-post-confirmation', cognitoTrigger: 'PostConfirmation', handler: 'functions/triggers/post-confirmation.ts' },
  { name: 'signin-pre-authentication', cognitoTrigger: 'PreAuthentication', handler: 'functions/triggers/pre-authentication.ts' },
  { name: 'signin-post-authentication', cognitoTrigger: 'PostAuthentication', handler: 'functions/triggers/post-authentication.ts' },
  { name: 'signin-pre-token-generation', cognitoTrigger: 'PreTokenGeneration', handler: 'functions/triggers/pre-token-generation.ts' },
] as const satisfies readonly TriggerDefinition[];
