/**
 * Personal access tokens of the signed-in user: create one (shown once, with
 * Copy) and revoke. Revoking the token this console signed in with ends the
 * session, so the dialog says so.
 */
import { useState } from 'react';
import { ApiError } from '../../api/errors.js';
import { createToken, listTokens, revokeToken } from '../../api/tokens.js';
import type { PersonalAccessToken } from '../../api/types.js';
import { ConfirmDialog } from '../../components/ConfirmDialog.js';
import { CopyField } from '../../components/CopyField.js';
import { TextField } from '../../components/Field.js';
import { PageHeader } from '../../components/PageHeader.js';
import { Pagination } from '../../components/Pagination.js';
import { PendingButton } from '../../components/PendingButton.js';
import { Alert, StatusRegion } from '../../components/StatusMessage.js';
import { Table, type Column } from '../../components/Table.js';
import { Tag } from '../../components/Tag.js';
import { formatDateTime } from '../../format.js';
import { useAction } from '../../hooks/useAction.js';
import { useDialogState } from '../../hooks/useDialogState.js';
import { usePagedResource } from '../../hooks/usePagedResource.js';
import { useSession } from '../../session/SessionContext.js';
import { RevokeTokenButton } from './RevokeTokenButton.js';
import { expirationFor, PAT_NAME_HINT } from './token-form.js';

const PAGE_SIZE = 50;

export function TokensPage() {
  const { state, signOut } = useSession();
  const sessionToken = state.status === 'ready' ? state.session.token : '';
  const [name, setName] = useState('');
  const [days, setDays] = useState('');
  const [created, setCreated] = useState<{ token: string; name: string } | undefined>(undefined);
  const dialogs = useDialogState<{ pat: PersonalAccessToken; opener: HTMLElement }>();
  const revoking = dialogs.current;
  const tokens = usePagedResource(listTokens, PAGE_SIZE, []);

  const create = useAction(async () => {
    const expiration = expirationFor(days, new Date());
    if ('problem' in expiration) throw new ApiError(400, 'console.invalid', expiration.problem);
    return createToken(name.trim(), expiration.expirationDate);
  });

  const isSessionToken = (pat: PersonalAccessToken) => sessionToken.startsWith(pat.prefix) && pat.prefix.length > 8;

  const columns: Array<Column<PersonalAccessToken>> = [
    { header: 'Name', cell: (p) => <span className="cell-primary">{p.name}</span> },
    { header: 'Token', cell: (p) => <code>{`${p.prefix}…`}</code> },
    { header: 'Created', cell: (p) => formatDateTime(p.createdAt) },
    {
      header: 'Expires',
      cell: (p) => (p.expired ? <Tag tone="danger">Expired</Tag> : p.expiresAt ? formatDateTime(p.expiresAt) : <span className="muted">Never</span>),
    },
    { header: 'Last used', cell: (p) => (p.lastUsedAt ? formatDateTime(p.lastUsedAt) : <span className="muted">Never</span>) },
    {
      header: 'Actions',
      hideHeader: true,
      className: 'cell-actions',
      cell: (p) => <RevokeTokenButton pat={p} onOpen={(opener) => dialogs.show({ pat: p, opener })} />,
    },
  ];

  return (
    <>
      <PageHeader title="Personal access tokens" description="Tokens for scripts and the API, acting as you. Treat them like passwords." />
      <form
        className="card form-inline"
        onSubmit={async (event) => {
          event.preventDefault();
          const result = await create.run();
          if (!result) return;
          setCreated({ token: result.value.token, name: result.value.pat.name });
          dialogs.announce(`Created token ${result.value.pat.name}.`);
          setName('');
          setDays('');
          tokens.setOffset(0);
          void tokens.reload();
        }}
      >
        <h2 className="visually-hidden">Create a token</h2>
        <TextField
          label="Name"
          required
          value={name}
          onChange={(event) => setName(event.target.value)}
          maxLength={36}
          autoComplete="off"
          spellCheck={false}
          hint={PAT_NAME_HINT}
        />
        <TextField
          label="Expires in (days)"
          type="number"
          min={1}
          step={1}
          inputMode="numeric"
          value={days}
          onChange={(event) => setDays(event.target.value)}
          hint="Optional. Empty means the longest lifetime this tenant allows."
        />
        <div className="form-actions">
          <PendingButton type="submit" pending={create.pending}>
            Create token
          </PendingButton>
        </div>
      </form>
      <Alert error={create.error} />
      {created ? (
        <div className="secret-box">
          <CopyField label="New personal access token" value={created.token} hint={`Copy it now: ${created.name} is shown only this once.`} />
        </div>
      ) : null}
      <StatusRegion message={tokens.loading && !tokens.data ? 'Loading tokens…' : dialogs.notice} />
      <Alert error={tokens.error} />
      <Table
        caption="Your personal access tokens"
        columns={columns}
        rows={tokens.rows}
        rowKey={(p) => p.id}
        loading={tokens.loading}
        empty="You have no personal access tokens."
      />
      <Pagination {...tokens.pager} label="Token pages" />
      {revoking ? (
        <ConfirmDialog
          title={`Revoke ${revoking.pat.name}?`}
          confirmLabel="Revoke"
          variant="danger"
          returnFocus={revoking.opener}
          onConfirm={() => revokeToken(revoking.pat.id)}
          onDone={() => {
            if (isSessionToken(revoking.pat)) {
              dialogs.close();
              return signOut();
            }
            dialogs.finish(`Revoked ${revoking.pat.name}.`);
            if (created?.name === revoking.pat.name) setCreated(undefined);
            void tokens.reload();
          }}
          onClose={dialogs.close}
        >
          <p>Anything using this token is refused from its next request. This cannot be undone.</p>
          {isSessionToken(revoking.pat) ? <p className="warning-text">This console is signed in with this token: you will be signed out.</p> : null}
        </ConfirmDialog>
      ) : null}
    </>
  );
}
