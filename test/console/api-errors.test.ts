/**
 * Unit tests of how the console turns failed responses into the messages it
 * shows: the admin envelope's message verbatim, other bodies as a readable
 * message, the blocked-delete details, and Cognito's errors, a refused password
 * sign-in in the organization's words among them.
 */
import { describe, expect, it } from 'vitest';
import { cognitoError, passwordRefusal } from '../../console/src/api/cognito.js';
import { deleteBlockersOf } from '../../console/src/api/delete-blockers.js';
import { ApiError, apiErrorFrom, messageOf, networkError } from '../../console/src/api/errors.js';

describe('apiErrorFrom', () => {
  it('keeps the admin envelope as the API sent it', () => {
    const details = [{ field: 'email', message: 'must be a valid email address' }];
    const error = apiErrorFrom(400, { statusCode: 400, message: 'Invalid body: email: must be a valid email address', code: 'request.invalid', details });
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 400, code: 'request.invalid', message: 'Invalid body: email: must be a valid email address', details });
  });

  it('reads a SCIM error body by its detail', () => {
    const error = apiErrorFrom(404, { schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '404', detail: 'User 7 not found' });
    expect(error).toMatchObject({ status: 404, code: 'http.404', message: 'User 7 not found' });
  });

  it.each([
    [502, '<html>Bad Gateway</html>', 'The service is unavailable (HTTP 502). Try again in a moment.'],
    [503, undefined, 'The service is unavailable (HTTP 503). Try again in a moment.'],
    [401, {}, 'Your session has ended. Sign in again.'],
    [403, { message: '' }, 'You are not allowed to do this.'],
    [429, null, 'Too many requests. Wait a moment and try again.'],
    [418, ['not', 'an', 'object'], 'The request failed (HTTP 418).'],
  ])('gives HTTP %i with body %j a message naming what happened', (status, body, message) => {
    expect(apiErrorFrom(status, body)).toMatchObject({ status, code: `http.${status}`, message });
  });

  it('says the service cannot be reached when no response came', () => {
    expect(networkError()).toMatchObject({ status: 0, code: 'network.unreachable' });
  });

  it('turns anything thrown into a message', () => {
    expect(messageOf(new ApiError(409, 'user.last_admin', 'This is the last active tenant admin'))).toBe('This is the last active tenant admin');
    expect(messageOf('a string')).toBe('Something went wrong. Try again.');
    expect(messageOf(new Error(''))).toBe('Something went wrong. Try again.');
  });
});

describe('deleteBlockersOf', () => {
  const blocked = (details: unknown) => new ApiError(400, 'user.delete_blocked', 'User a@example.com cannot be deleted', details);

  it('lists the teams and resource roles of a user.delete_blocked error', () => {
    const details = [
      { subject: 'team:platform', type: 'team', id: 't1', name: 'platform', message: 'the user is a member of this team' },
      {
        subject: 'workspace:ws-1',
        type: 'resource-role',
        resourceType: 'workspace',
        resourceId: 'ws-1',
        role: 'admin',
        message: 'the user holds the role admin on this resource',
      },
    ];
    expect(deleteBlockersOf(blocked(details))).toEqual({
      teams: [{ id: 't1', name: 'platform' }],
      resourceRoles: [{ resourceType: 'workspace', resourceId: 'ws-1', role: 'admin' }],
    });
  });

  it('keeps what it can read of malformed details', () => {
    expect(deleteBlockersOf(blocked([{ type: 'team', id: 't1' }, 'junk', { type: 'other' }]))).toEqual({
      teams: [{ id: 't1', name: 't1' }],
      resourceRoles: [],
    });
  });

  it('is undefined for any other error', () => {
    expect(deleteBlockersOf(new ApiError(409, 'user.last_admin', 'last admin', []))).toBeUndefined();
    expect(deleteBlockersOf(blocked({ teams: [] }))).toBeUndefined();
    expect(deleteBlockersOf(blocked(undefined))).toBeUndefined();
    expect(deleteBlockersOf(new Error('user.delete_blocked'))).toBeUndefined();
  });
});

describe('cognitoError', () => {
  it("shows a trigger's refusal in our own words", () => {
    const error = cognitoError(400, {
      __type: 'UserLambdaValidationException',
      message: 'PreTokenGeneration failed with error Your account is deactivated. Ask your administrator of Globex to reactivate it.',
    });
    expect(error).toMatchObject({
      status: 400,
      code: 'cognito.UserLambdaValidationException',
      message: 'Your account is deactivated. Ask your administrator of Globex to reactivate it.',
    });
  });

  it("keeps Cognito's own message and names the exception without its namespace", () => {
    const error = cognitoError(400, { __type: 'com.amazonaws.cognito#NotAuthorizedException', message: 'Incorrect username or password.' });
    expect(error).toMatchObject({ code: 'cognito.NotAuthorizedException', message: 'Incorrect username or password.' });
  });

  it('says sign-in failed when Cognito sent no message', () => {
    expect(cognitoError(500, undefined)).toMatchObject({ status: 500, code: 'cognito.Error', message: 'Sign-in failed (HTTP 500).' });
  });
});

describe('passwordRefusal', () => {
  const refused = (status: number, type: string, message: string) => passwordRefusal(cognitoError(status, { __type: type, message }), 'Globex');

  it('asks for the right organization when the pool does not know the address (cognito-local, or Cognito without existence errors prevented)', () => {
    const expected = { status: 400, message: 'No such user in Globex; is this the right organization?' };
    expect(refused(400, 'NotAuthorizedException', 'User not authorized')).toMatchObject({ ...expected, code: 'cognito.NotAuthorizedException' });
    expect(refused(400, 'UserNotFoundException', 'User does not exist.')).toMatchObject({ ...expected, code: 'cognito.UserNotFoundException' });
  });

  it("says the password may be wrong too when Cognito's answer covers both", () => {
    expect(refused(400, 'com.amazonaws.cognito#NotAuthorizedException', 'Incorrect username or password.')).toMatchObject({
      status: 400,
      code: 'cognito.NotAuthorizedException',
      message: 'No such user in Globex, or the password is wrong; is this the right organization?',
    });
  });

  it("leaves every other refusal as it was: a trigger's reason, a disabled account, a wrong password, an outage", () => {
    const trigger = cognitoError(400, {
      __type: 'UserLambdaValidationException',
      message: 'PreTokenGeneration failed with error Your account is deactivated.',
    });
    expect(passwordRefusal(trigger, 'Globex')).toBe(trigger);
    for (const error of [
      cognitoError(400, { __type: 'NotAuthorizedException', message: 'User is disabled.' }),
      cognitoError(400, { __type: 'InvalidPasswordException', message: 'Invalid password' }),
      networkError(),
      new TypeError('boom'),
    ]) {
      expect(passwordRefusal(error, 'Globex')).toBe(error);
    }
  });
});
