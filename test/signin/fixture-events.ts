/**
 * Loads a recorded Cognito trigger event (`fixtures/<triggerSource>.json`) for a
 * test: the fixture's pool, email domain and IdP subject are replaced by the
 * test's own, so files and tests never share a person. Nothing else changes:
 * the event reaches the handler exactly as Cognito shapes it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CognitoTriggerEvent } from '../../shared/signin/trigger-kit.js';

const DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');
const FIXTURE_POOL = 'eu-west-1_Fixture01';
const FIXTURE_DOMAIN = 'fixture.example';
const FIXTURE_SUBJECT = '00u1a2b3c4D5e6F7g8h9';

export type FixtureName =
  | 'PreSignUp_ExternalProvider'
  | 'PreSignUp_SignUp'
  | 'PostConfirmation_ConfirmSignUp'
  | 'PreAuthentication_Authentication'
  | 'PostAuthentication_Authentication'
  | 'TokenGeneration_HostedAuth'
  | 'TokenGeneration_Authentication'
  | 'TokenGeneration_RefreshTokens';

export function fixtureEvent(
  name: FixtureName,
  scope: { userPoolId: string; domain: string; subject?: string },
  edit?: (event: CognitoTriggerEvent) => void,
): CognitoTriggerEvent {
  let text = fs.readFileSync(path.join(DIR, `${name}.json`), 'utf8');
  text = text.replaceAll(FIXTURE_POOL, scope.userPoolId).replaceAll(FIXTURE_DOMAIN, scope.domain);
  if (scope.subject) text = text.replaceAll(FIXTURE_SUBJECT, scope.subject);
  const event = JSON.parse(text) as CognitoTriggerEvent;
  edit?.(event);
  return event;
}

/** Sets a user attribute of an event (Cognito sends them all as strings). */
export const withAttribute = (attribute: string, value: string) => (event: CognitoTriggerEvent) => {
  event.request.userAttributes = { ...event.request.userAttributes, [attribute]: value };
};
