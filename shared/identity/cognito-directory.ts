/**
 * The Cognito adapter: the few admin calls the user lifecycle needs, with
 * Cognito's errors translated into what they mean for us. A user Cognito does
 * not know is `absent` (not an error) wherever the call's goal is already met
 * without them; a Cognito that cannot be reached is a 503, never a 500.
 */
import {
  AdminCreateUserCommand,
  AdminDeleteUserCommand,
  AdminDisableUserCommand,
  AdminEnableUserCommand,
  AdminInitiateAuthCommand,
  AdminSetUserPasswordCommand,
  AdminUserGlobalSignOutCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { BadRequestError, UnavailableError } from '../errors/app-error.js';
import { cognitoClient } from './cognito-client.js';

export type CallOutcome = 'done' | 'absent' | 'unsupported';

interface AwsError {
  name?: string;
  message?: string;
  __type?: string;
  $metadata?: { httpStatusCode?: number };
}

const nameOf = (error: unknown) => (error as AwsError)?.name ?? '';

/** cognito-local answers operations it lacks (AdminUserGlobalSignOut) with a 500 of this type. */
export function isUnsupportedByEmulator(error: unknown): boolean {
  const e = error as AwsError;
  return /Unsupported/i.test(e?.name ?? '') || /Cognito Local unsupported feature/i.test(e?.message ?? '');
}

function unavailable(error: unknown): UnavailableError {
  return new UnavailableError('The identity provider is unavailable; nothing was changed, retry later', 2, error);
}

async function call(run: () => Promise<unknown>, absentOk: boolean): Promise<CallOutcome> {
  try {
    await run();
    return 'done';
  } catch (error) {
    if (absentOk && nameOf(error) === 'UserNotFoundException') return 'absent';
    throw error;
  }
}

/** Creates the user with no password and no Cognito-sent mail; an existing user is fine. */
export async function createDirectoryUser(userPoolId: string, username: string, email: string): Promise<CallOutcome> {
  try {
    await cognitoClient().send(
      new AdminCreateUserCommand({
        UserPoolId: userPoolId,
        Username: username,
        MessageAction: 'SUPPRESS',
        UserAttributes: [
          // Lower-cased: login emails are case-insensitive here, and not in every pool configuration.
          { Name: 'email', Value: email.toLowerCase() },
          { Name: 'email_verified', Value: 'true' },
        ],
      }),
    );
    return 'done';
  } catch (error) {
    if (nameOf(error) === 'UsernameExistsException') return 'done';
    throw error;
  }
}

export const disableDirectoryUser = (userPoolId: string, username: string) =>
  call(() => cognitoClient().send(new AdminDisableUserCommand({ UserPoolId: userPoolId, Username: username })), true);

export const enableDirectoryUser = (userPoolId: string, username: string) =>
  call(() => cognitoClient().send(new AdminEnableUserCommand({ UserPoolId: userPoolId, Username: username })), true);

export const deleteDirectoryUser = (userPoolId: string, username: string) =>
  call(() => cognitoClient().send(new AdminDeleteUserCommand({ UserPoolId: userPoolId, Username: username })), true);

/**
 * Revokes every refresh token of the user. cognito-local does not implement
 * this call; there it reports `unsupported` instead of failing, because our own
 * per-request status check already refuses a deactivated user's tokens.
 */
export async function signOutDirectoryUser(userPoolId: string, username: string): Promise<CallOutcome> {
  try {
    return await call(() => cognitoClient().send(new AdminUserGlobalSignOutCommand({ UserPoolId: userPoolId, Username: username })), true);
  } catch (error) {
    if (isUnsupportedByEmulator(error)) return 'unsupported';
    throw error;
  }
}

/**
 * Sets a permanent password, creating the Cognito user first when it does not
 * exist yet (its identity-sync item may still be in flight).
 */
export async function setDirectoryPassword(userPoolId: string, username: string, email: string, password: string): Promise<void> {
  const set = () => cognitoClient().send(new AdminSetUserPasswordCommand({ UserPoolId: userPoolId, Username: username, Password: password, Permanent: true }));
  try {
    try {
      await set();
    } catch (error) {
      if (nameOf(error) !== 'UserNotFoundException') throw error;
      await createDirectoryUser(userPoolId, username, email);
      await set();
    }
  } catch (error) {
    if (nameOf(error) === 'InvalidPasswordException') {
      throw new BadRequestError('user.password_policy', `Password rejected: ${(error as AwsError).message ?? 'it does not meet the policy'}`, {
        cause: error,
      });
    }
    throw unavailable(error);
  }
}

/** True when the password is the user's current one (ADMIN_USER_PASSWORD_AUTH on the tenant's app client). */
export async function checkDirectoryPassword(userPoolId: string, clientId: string, username: string, password: string): Promise<boolean> {
  try {
    await cognitoClient().send(
      new AdminInitiateAuthCommand({
        UserPoolId: userPoolId,
        ClientId: clientId,
        AuthFlow: 'ADMIN_USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME: username, PASSWORD: password },
      }),
    );
    return true;
  } catch (error) {
    const name = nameOf(error);
    if (name === 'NotAuthorizedException' || name === 'UserNotFoundException' || name === 'InvalidPasswordException') return false;
    // A user who must still set a password has none to check against.
    if (name === 'PasswordResetRequiredException' || name === 'UserNotConfirmedException') return false;
    throw unavailable(error);
  }
}
