/**
 * The SCIM connection: the base URL to paste into the IdP, the tokens that
 * still work (never the tokens themselves), and generate / rotate / revoke. A
 * new token is shown once, with a Copy button; a rotation can keep the previous
 * token working for a grace period so the IdP can be updated without a gap.
 */
import { useState } from 'react';
import { createScimToken, getScimTokens, revokeScimTokens } from '../../api/provisioning.js';
import type { ScimTokenCreated, ScimTokenMetadata } from '../../api/types.js';
import { ConfirmDialog } from '../../components/ConfirmDialog.js';
import { CopyField } from '../../components/CopyField.js';
import { PendingButton } from '../../components/PendingButton.js';
import { Alert, StatusRegion } from '../../components/StatusMessage.js';
import { Table } from '../../components/Table.js';
import { Tag } from '../../components/Tag.js';
import { formatDateTime } from '../../format.js';
import { useAction } from '../../hooks/useAction.js';
import { useDialogState } from '../../hooks/useDialogState.js';
import { useResource } from '../../hooks/useResource.js';
import { GRACE_CHOICES, RotateDialog } from './RotateDialog.js';

type OpenDialog = { kind: 'rotate' | 'revoke'; opener: HTMLElement };

export function ScimTokenSection() {
  const tokens = useResource((signal) => getScimTokens(signal), []);
  const [created, setCreated] = useState<ScimTokenCreated | undefined>(undefined);
  const dialogs = useDialogState<OpenDialog>();
  const dialog = dialogs.current;
  const list = tokens.data?.tokens ?? [];
  const hasToken = list.length > 0;

  const issued = (result: ScimTokenCreated, grace: number) => {
    setCreated(result);
    const label = GRACE_CHOICES.find((c) => c.seconds === grace)?.label.toLowerCase();
    dialogs.finish(
      result.previousTokenEndsAt && grace > 0
        ? `New SCIM token created. The previous token keeps working for ${label}, until ${formatDateTime(result.previousTokenEndsAt)}.`
        : hasToken
          ? 'New SCIM token created. The previous token no longer works.'
          : 'SCIM token created.',
    );
    void tokens.reload();
  };
  // With no token there is nothing to lose, so generating needs no confirmation (rotating does).
  const generate = useAction(async () => issued(await createScimToken(0), 0));
  const open = (kind: OpenDialog['kind']) => (event: { currentTarget: HTMLElement }) => dialogs.show({ kind, opener: event.currentTarget });

  return (
    <section className="card" aria-labelledby="scim-heading">
      <h2 id="scim-heading">SCIM connection</h2>
      {tokens.data && !tokens.data.scimEnabled ? (
        <p className="note">The SCIM endpoint refuses requests unless the mode is SCIM. You can prepare a token before switching.</p>
      ) : null}
      {tokens.data ? (
        <CopyField
          label="SCIM base URL"
          value={tokens.data.scimUrl}
          copyLabel="Copy SCIM base URL"
          hint="Paste this into your identity provider’s SCIM settings."
        />
      ) : null}
      <StatusRegion message={tokens.loading && !tokens.data ? 'Loading SCIM tokens…' : dialogs.notice} />
      <Alert error={tokens.error} />
      <Alert error={generate.error} />
      {created ? (
        <div className="secret-box">
          <CopyField
            label="New SCIM token"
            value={created.token}
            hint="Copy it now: it is shown only this once. Use it as the bearer token in your identity provider."
          />
        </div>
      ) : null}
      <h3 className="subheading">Tokens in use</h3>
      <Table<ScimTokenMetadata>
        caption="SCIM tokens"
        columns={[
          { header: 'Token', cell: (t) => <code>{`${t.displayPrefix}…${t.last4}`}</code> },
          {
            header: 'Status',
            cell: (t) => (t.status === 'grace' ? <Tag tone="warning">{`Ends ${formatDateTime(t.expiresAt)}`}</Tag> : <Tag tone="accent">Active</Tag>),
          },
          { header: 'Created', cell: (t) => formatDateTime(t.createdAt) },
          { header: 'Last used', cell: (t) => (t.lastUsedAt ? formatDateTime(t.lastUsedAt) : <span className="muted">Never</span>) },
        ]}
        rows={list}
        rowKey={(t) => t.id}
        loading={tokens.loading}
        empty="No SCIM token. Generate one to connect your identity provider."
      />
      <div className="form-actions">
        {hasToken ? (
          <>
            <button type="button" className="button button-primary" onClick={open('rotate')}>
              Rotate token
            </button>
            <button type="button" className="button button-secondary button-danger-text" onClick={open('revoke')}>
              Revoke token
            </button>
          </>
        ) : (
          <PendingButton onClick={() => void generate.run()} pending={generate.pending} disabled={!tokens.data}>
            Generate token
          </PendingButton>
        )}
      </div>
      {dialog?.kind === 'rotate' ? <RotateDialog onDone={issued} onClose={dialogs.close} returnFocus={dialog.opener} /> : null}
      {dialog?.kind === 'revoke' ? (
        <ConfirmDialog
          title="Revoke the SCIM token?"
          confirmLabel="Revoke"
          variant="danger"
          returnFocus={dialog.opener}
          onConfirm={() => revokeScimTokens()}
          onDone={() => {
            setCreated(undefined);
            dialogs.finish('SCIM token revoked. SCIM requests are refused until you generate a new token.');
            void tokens.reload();
          }}
          onClose={dialogs.close}
        >
          <p>Every SCIM token stops working now, including one in a grace period. Your identity provider’s SCIM requests fail until it has a new token.</p>
        </ConfirmDialog>
      ) : null}
    </section>
  );
}
