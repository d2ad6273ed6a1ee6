/**
 * One Cognito client per process. The endpoint comes from the SDK's own
 * `AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER`, so the same code talks to Cognito
 * in AWS and to cognito-local without a branch.
 */
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';

let client: CognitoIdentityProviderClient | undefined;

export function cognitoClient(): CognitoIdentityProviderClient {
  client ??= new CognitoIdentityProviderClient({ maxAttempts: 3 });
  return client;
}

/** Fault-injection tests replace the client (or drop it to pick up a new endpoint). */
export function setCognitoClientForTests(replacement: CognitoIdentityProviderClient | undefined): void {
  client = replacement;
}
