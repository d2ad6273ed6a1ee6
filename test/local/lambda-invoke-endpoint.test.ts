/**
 * The local Lambda-invoke endpoint answers as the Lambda Invoke API does (what
 * cognito-local's SDK client parses), and cognito-local, wired to it, turns a
 * trigger's result into Cognito behaviour and a thrown error into a refused sign-up.
 */
import { randomUUID } from 'node:crypto';
import { CognitoIdentityProviderClient, CreateUserPoolClientCommand, CreateUserPoolCommand, SignUpCommand } from '@aws-sdk/client-cognito-identity-provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TriggerDefinition } from '../../shared/triggers/trigger-table.js';
import { startLambdaInvokeEndpoint, type RunningLambdaInvokeEndpoint } from '../../infra/local/lambda-invoke-endpoint.js';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../../infra/local/local-env.js';
import { startTestCognito, type TestCognito } from '../support/emulators.js';
import { REFUSED_DOMAIN } from './fixtures/pre-sign-up-trigger.js';
import { invokePath, signedRequest } from '../support/signed-invoke.js';

const PRE_SIGN_UP = 'test/local/fixtures/pre-sign-up-trigger.ts';

describe('Lambda Invoke API', () => {
  let endpoint: RunningLambdaInvokeEndpoint;
  beforeAll(async () => {
    endpoint = await startLambdaInvokeEndpoint({
      port: 0,
      functions: [
        { name: 'pre-sign-up', handler: PRE_SIGN_UP, timeoutSeconds: 5 },
        { name: 'throws', handler: 'test/local/fixtures/throwing-handler.ts', timeoutSeconds: 5 },
      ],
    });
  });
  afterAll(() => endpoint.close());

  const invoke = async (name: string, payload: unknown) => {
    const answer = await signedRequest(endpoint.url, invokePath(name), JSON.stringify(payload), endpoint.credentials);
    return { status: answer.status, headers: new Headers(answer.headers as Record<string, string>), json: async () => JSON.parse(answer.text) as unknown };
  };
  const preSignUpEvent = (email: string) => ({
    triggerSource: 'PreSignUp_SignUp',
    userPoolId: 'local_pool',
    userName: email,
    request: { userAttributes: { email } },
    response: { autoConfirmUser: false, autoVerifyEmail: false, autoVerifyPhone: false },
  });

  it("returns the handler's result as the 200 body", async () => {
    const response = await invoke('pre-sign-up', preSignUpEvent('ann@ok.example'));
    expect(response.status).toBe(200);
    expect(response.headers.get('x-amz-function-error')).toBeNull();
    expect(await response.json()).toMatchObject({ response: { autoConfirmUser: true, autoVerifyEmail: true } });
  });

  it('reports a thrown error as a function error, still with status 200', async () => {
    const response = await invoke('throws', {});
    expect(response.status).toBe(200);
    expect(response.headers.get('x-amz-function-error')).toBe('Unhandled');
    expect(await response.json()).toMatchObject({ errorType: 'TypeError', errorMessage: 'Cannot read properties of undefined' });
  });

  it('accepts a function ARN', async () => {
    const response = await invoke('arn:aws:lambda:us-east-1:000000000000:function:pre-sign-up', preSignUpEvent('bo@ok.example'));
    expect(response.status).toBe(200);
  });

  it('answers an unknown function with ResourceNotFoundException', async () => {
    const response = await invoke('nope', {});
    expect(response.status).toBe(404);
    expect(response.headers.get('x-amzn-errortype')).toBe('ResourceNotFoundException');
  });

  it('answers a payload that is not JSON with InvalidRequestContentException', async () => {
    const response = await signedRequest(endpoint.url, invokePath('pre-sign-up'), '{', endpoint.credentials);
    expect(response.status).toBe(400);
    expect(response.headers['x-amzn-errortype']).toBe('InvalidRequestContentException');
  });
});

describe('cognito-local with a trigger from a trigger table', () => {
  const triggers: TriggerDefinition[] = [{ name: 'test-pre-sign-up', cognitoTrigger: 'PreSignUp', handler: PRE_SIGN_UP }];
  let cognito: TestCognito;
  let client: CognitoIdentityProviderClient;
  let clientId: string;

  beforeAll(async () => {
    cognito = await startTestCognito({ triggers });
    client = new CognitoIdentityProviderClient({ endpoint: cognito.url, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
    const pool = await client.send(new CreateUserPoolCommand({ PoolName: `pool-${randomUUID().slice(0, 8)}` }));
    const app = await client.send(new CreateUserPoolClientCommand({ UserPoolId: pool.UserPool!.Id!, ClientName: 'web' }));
    clientId = app.UserPoolClient!.ClientId!;
  });
  afterAll(async () => {
    client?.destroy();
    await cognito?.stop();
  });

  const signUp = (email: string) =>
    client.send(new SignUpCommand({ ClientId: clientId, Username: email, Password: 'Correct-Horse-1', UserAttributes: [{ Name: 'email', Value: email }] }));

  it("applies the trigger's response (auto-confirm)", async () => {
    const result = await signUp(`ann-${randomUUID().slice(0, 6)}@ok.example`);
    expect(result.UserConfirmed).toBe(true);
  });

  it("refuses the sign-up with the trigger's error message when it throws", async () => {
    await expect(signUp(`eve@${REFUSED_DOMAIN}`)).rejects.toMatchObject({
      name: 'UserLambdaValidationException',
      message: expect.stringContaining(`Sign-up is closed for ${REFUSED_DOMAIN}`),
    });
  });
});
