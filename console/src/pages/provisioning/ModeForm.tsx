/**
 * The provisioning mode picker: exactly one mode, SSO enforcement, whether the
 * IdP's unverified emails are trusted for linking, the break-glass admins and
 * whether SCIM group names must follow the team-name rule. Saved with If-Match, so a change someone else made since
 * the page loaded is refused (412) instead of overwritten; the API's refusals
 * (JIT without enforced SSO, enforcing SSO with no IdP) are shown as it words them.
 */
import { useState } from 'react';
import { ApiError } from '../../api/errors.js';
import { putProvisioning } from '../../api/provisioning.js';
import type { ProvisioningModeName, ProvisioningSettings } from '../../api/types.js';
import { CheckboxField, TextAreaField } from '../../components/Field.js';
import { PendingButton } from '../../components/PendingButton.js';
import { RadioGroup } from '../../components/RadioGroup.js';
import { Alert } from '../../components/StatusMessage.js';
import { useAction } from '../../hooks/useAction.js';
import { parseEmailList } from '../teams/team-form.js';
import { MODE_LABELS } from './capability-labels.js';

export function ModeForm({
  settings,
  onSaved,
  onReload,
}: {
  settings: ProvisioningSettings;
  onSaved: (next: ProvisioningSettings, message: string) => void;
  onReload: () => void;
}) {
  const [mode, setMode] = useState<ProvisioningModeName>(settings.mode);
  const [ssoEnforced, setSsoEnforced] = useState(settings.ssoEnforced);
  const [breakGlass, setBreakGlass] = useState(settings.breakGlassEmails.join('\n'));
  const [trustIdpEmails, setTrustIdpEmails] = useState(settings.trustIdpEmails);
  const [strictGroupNames, setStrictGroupNames] = useState(settings.scimGroupNames === 'strict');
  const scimGroupNames = strictGroupNames ? 'strict' : 'slug';

  const breakGlassList = parseEmailList(breakGlass);
  const changed =
    mode !== settings.mode ||
    ssoEnforced !== settings.ssoEnforced ||
    trustIdpEmails !== settings.trustIdpEmails ||
    scimGroupNames !== settings.scimGroupNames ||
    breakGlassList.emails.map((e) => e.toLowerCase()).join(',') !== settings.breakGlassEmails.join(',') ||
    breakGlassList.invalid.length > 0;

  const action = useAction(async () => {
    if (breakGlassList.invalid.length) throw new ApiError(400, 'console.invalid', `Not an email address: ${breakGlassList.invalid.join(', ')}`);
    // Link origins are edited through the API; the form sends them back unchanged.
    return putProvisioning(
      { mode, ssoEnforced, breakGlassEmails: breakGlassList.emails, trustIdpEmails, linkOrigins: settings.linkOrigins, scimGroupNames },
      settings.version,
    );
  });

  const pick = (next: ProvisioningModeName) => {
    setMode(next);
    // Just-in-time needs SSO enforced; the page switches it on with the mode, as the API assumes.
    if (next === 'jit' && settings.ssoConfigured) setSsoEnforced(true);
  };

  const save = async () => {
    const result = await action.run();
    if (!result) return;
    const next = result.value;
    onSaved(next, next.mode !== settings.mode ? `Provisioning mode is now ${MODE_LABELS[next.mode]}.` : 'Provisioning settings saved.');
  };

  const stale = action.error instanceof ApiError && action.error.status === 412;
  return (
    <form
      className="card"
      onSubmit={(event) => {
        event.preventDefault();
        void save();
      }}
    >
      <RadioGroup
        label="Provisioning mode"
        name="mode"
        value={mode}
        onChange={pick}
        className="mode-picker"
        choices={settings.modes.map((m) => ({
          value: m.mode,
          label: MODE_LABELS[m.mode],
          hint: (
            <>
              {m.description}
              {m.available ? null : <span className="warning-text"> {m.unavailableReason}</span>}
            </>
          ),
        }))}
      />
      <CheckboxField
        label="Enforce single sign-on"
        checked={ssoEnforced}
        disabled={!settings.ssoConfigured}
        onChange={(event) => setSsoEnforced(event.target.checked)}
        hint={
          settings.ssoConfigured
            ? 'Password sign-in is refused for everyone except the break-glass admins below.'
            : 'No identity provider is configured for this tenant, so single sign-on cannot be enforced.'
        }
      />
      <CheckboxField
        label="Trust the identity provider's email addresses"
        checked={trustIdpEmails}
        disabled={!settings.ssoConfigured}
        onChange={(event) => setTrustIdpEmails(event.target.checked)}
        hint="Link a single sign-on identity to an existing user by an email the identity provider did not mark as verified. Leave off unless every address in the provider's directory is one your organisation controls. Admins and users with a password are never linked by email."
      />
      <CheckboxField
        label="Require IdP group names to be team names"
        checked={strictGroupNames}
        onChange={(event) => setStrictGroupNames(event.target.checked)}
        hint="Off: any group name syncs and the team name is derived from it. On: a group whose name is not letters, digits, - and _ (at most 36) is refused."
      />
      <TextAreaField
        label="Break-glass admin emails"
        value={breakGlass}
        onChange={(event) => setBreakGlass(event.target.value)}
        rows={3}
        spellCheck={false}
        hint="Up to 5, one per line. Admins listed here can still sign in with a password while single sign-on is enforced (for the day the identity provider is down)."
      />
      <Alert error={action.error}>
        {stale ? (
          <p>
            <button type="button" className="button button-secondary" onClick={onReload}>
              Reload settings
            </button>
          </p>
        ) : null}
      </Alert>
      <div className="form-actions">
        <PendingButton type="submit" pending={action.pending} disabled={!changed}>
          Save
        </PendingButton>
      </div>
    </form>
  );
}
