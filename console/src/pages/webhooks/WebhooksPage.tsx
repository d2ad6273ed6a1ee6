/**
 * Settings > Webhooks (tenant admins): the tenant's endpoints, adding one (its
 * signing secret shown once, with Copy), sending a test event, rotating the
 * secret with an overlap, turning an endpoint off or on, deleting it, and its
 * delivery log with Redeliver.
 */
import { useState } from 'react';
import {
  deleteEndpoint,
  listEndpoints,
  rotateSecret,
  sendTestEvent,
  updateEndpoint,
  type EndpointWithSecret,
  type WebhookEndpointView,
} from '../../api/webhooks.js';
import { ActionMenu } from '../../components/ActionMenu.js';
import { ConfirmDialog } from '../../components/ConfirmDialog.js';
import { CopyField } from '../../components/CopyField.js';
import { SelectField } from '../../components/Field.js';
import { FormDialog } from '../../components/FormDialog.js';
import { PageHeader } from '../../components/PageHeader.js';
import { Alert, StatusRegion } from '../../components/StatusMessage.js';
import { Table } from '../../components/Table.js';
import { Tag } from '../../components/Tag.js';
import { formatDateTime } from '../../format.js';
import { useAction } from '../../hooks/useAction.js';
import { useDialogState } from '../../hooks/useDialogState.js';
import { useResource } from '../../hooks/useResource.js';
import { DeliveryLog } from './DeliveryLog.js';
import { EndpointFormDialog } from './EndpointFormDialog.js';

type OpenDialog = { kind: 'add' | 'rotate' | 'delete'; endpoint?: WebhookEndpointView; opener: HTMLElement };

const OVERLAP_CHOICES = [
  { seconds: 0, label: 'No overlap' },
  { seconds: 3600, label: '1 hour' },
  { seconds: 24 * 3600, label: '24 hours' },
  { seconds: 7 * 24 * 3600, label: '7 days' },
] as const;

export function WebhooksPage() {
  const endpoints = useResource((signal) => listEndpoints(signal), []);
  const [secret, setSecret] = useState<{ url: string; value: string } | undefined>(undefined);
  const [selected, setSelected] = useState<string | undefined>(undefined);
  const [logVersion, setLogVersion] = useState(0);
  const dialogs = useDialogState<OpenDialog>();
  const dialog = dialogs.current;
  const list = endpoints.data ?? [];
  const shown = list.find((e) => e.id === selected);

  const test = useAction(async (endpoint: WebhookEndpointView) => {
    await sendTestEvent(endpoint.id);
    setSelected(endpoint.id);
    setLogVersion((v) => v + 1);
    dialogs.announce(`Test event sent to ${endpoint.url}. Its outcome is in the delivery log.`);
  });
  const toggle = useAction(async (endpoint: WebhookEndpointView) => {
    await updateEndpoint(endpoint.id, { enabled: !endpoint.enabled });
    dialogs.announce(endpoint.enabled ? `${endpoint.url} turned off.` : `${endpoint.url} turned on.`);
    await endpoints.reload();
  });
  const withSecret = (result: EndpointWithSecret, message: string) => {
    setSecret({ url: result.data.url, value: result.secret });
    dialogs.finish(message);
    void endpoints.reload();
  };

  return (
    <>
      <PageHeader title="Webhooks" />
      <p className="note">
        Endpoints receive this tenant’s events as signed requests (Standard Webhooks: <code>webhook-id</code>, <code>webhook-timestamp</code>,{' '}
        <code>webhook-signature</code>). Failed deliveries are retried for about a day; then the endpoint is turned off and admins are mailed.
      </p>
      <StatusRegion message={endpoints.loading && !endpoints.data ? 'Loading webhook endpoints…' : dialogs.notice} />
      <Alert error={endpoints.error} />
      <Alert error={test.error} />
      <Alert error={toggle.error} />
      {secret ? (
        <div className="secret-box">
          <CopyField
            label={`Signing secret of ${secret.url}`}
            value={secret.value}
            copyLabel="Copy signing secret"
            hint="Copy it now: it is shown only this once. Your receiver verifies signatures with it."
          />
        </div>
      ) : null}
      <div className="form-actions">
        <button type="button" className="button button-primary" onClick={(e) => dialogs.show({ kind: 'add', opener: e.currentTarget })}>
          Add endpoint
        </button>
      </div>
      <Table<WebhookEndpointView>
        caption="Webhook endpoints"
        columns={[
          { header: 'URL', cell: (e) => <code>{e.url}</code> },
          { header: 'Description', cell: (e) => e.description || <span className="muted">—</span> },
          { header: 'Events', cell: (e) => (e.eventTypes.includes('*') ? 'All' : e.eventTypes.join(', ')) },
          {
            header: 'Status',
            cell: (e) =>
              e.enabled ? (
                <Tag tone="accent">On</Tag>
              ) : (
                <Tag tone={e.disabledReason === 'failing' ? 'danger' : 'neutral'}>
                  {e.disabledReason === 'failing' ? `Off: failing since ${formatDateTime(e.disabledAt)}` : 'Off'}
                </Tag>
              ),
          },
          {
            header: 'Secret',
            cell: (e) =>
              e.previousSecretExpiresAt ? (
                <Tag tone="warning">{`Previous signs until ${formatDateTime(e.previousSecretExpiresAt)}`}</Tag>
              ) : (
                <span className="muted">One</span>
              ),
          },
          {
            header: 'Actions',
            hideHeader: true,
            cell: (e) => (
              <ActionMenu
                label={`Actions for ${e.url}`}
                items={[
                  { label: 'Delivery log', onSelect: () => setSelected(e.id) },
                  { label: 'Send test event', onSelect: () => void test.run(e) },
                  { label: 'Rotate secret', onSelect: (opener) => dialogs.show({ kind: 'rotate', endpoint: e, opener }) },
                  { label: e.enabled ? 'Turn off' : 'Turn on', onSelect: () => void toggle.run(e) },
                  { label: 'Delete', danger: true, onSelect: (opener) => dialogs.show({ kind: 'delete', endpoint: e, opener }) },
                ]}
              />
            ),
          },
        ]}
        rows={list}
        rowKey={(e) => e.id}
        loading={endpoints.loading}
        empty="No webhook endpoints. Add one to receive this tenant’s events."
      />
      {shown ? <DeliveryLog endpoint={shown} onNotice={dialogs.announce} reloadKey={logVersion} /> : null}
      {dialog?.kind === 'add' ? (
        <EndpointFormDialog
          onDone={(created) => withSecret(created, `Endpoint ${created.data.url} added.`)}
          onClose={dialogs.close}
          returnFocus={dialog.opener}
        />
      ) : null}
      {dialog?.kind === 'rotate' && dialog.endpoint ? (
        <RotateSecretDialog
          endpoint={dialog.endpoint}
          onDone={(result, label) => withSecret(result, `Secret rotated. ${label}`)}
          onClose={dialogs.close}
          returnFocus={dialog.opener}
        />
      ) : null}
      {dialog?.kind === 'delete' && dialog.endpoint ? (
        <ConfirmDialog
          title="Delete this endpoint?"
          confirmLabel="Delete"
          variant="danger"
          returnFocus={dialog.opener}
          onConfirm={() => deleteEndpoint(dialog.endpoint!.id)}
          onDone={() => {
            if (selected === dialog.endpoint!.id) setSelected(undefined);
            dialogs.finish(`Endpoint ${dialog.endpoint!.url} deleted.`);
            void endpoints.reload();
          }}
          onClose={dialogs.close}
        >
          <p>
            <code>{dialog.endpoint.url}</code> stops receiving events now; deliveries still pending are dropped.
          </p>
        </ConfirmDialog>
      ) : null}
    </>
  );
}

function RotateSecretDialog({
  endpoint,
  onDone,
  onClose,
  returnFocus,
}: {
  endpoint: WebhookEndpointView;
  onDone: (result: EndpointWithSecret, message: string) => void;
  onClose: () => void;
  returnFocus: HTMLElement;
}) {
  const [overlap, setOverlap] = useState<number>(24 * 3600);
  const action = useAction(() => rotateSecret(endpoint.id, overlap));
  return (
    <FormDialog
      title="Rotate the signing secret?"
      submitLabel="Rotate secret"
      action={action}
      onDone={(result) =>
        onDone(
          result,
          result.data.previousSecretExpiresAt
            ? `Both secrets sign until ${formatDateTime(result.data.previousSecretExpiresAt)}.`
            : 'The previous secret no longer signs.',
        )
      }
      onClose={onClose}
      returnFocus={returnFocus}
    >
      <p>A new secret is created and shown once. Give it to your receiver.</p>
      <SelectField
        label="Keep signing with the current secret too for"
        value={overlap}
        onChange={(event) => setOverlap(Number(event.target.value))}
        hint={overlap === 0 ? 'Messages are signed with the new secret only, from now on.' : 'Messages carry both signatures until the overlap ends.'}
      >
        {OVERLAP_CHOICES.map((c) => (
          <option key={c.seconds} value={c.seconds}>
            {c.label}
          </option>
        ))}
      </SelectField>
    </FormDialog>
  );
}
