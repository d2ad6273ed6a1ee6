/** An endpoint's deliveries, newest first: status, attempts (time, code, latency, response excerpt), and Redeliver for settled ones. */
import { listDeliveries, redeliver, type DeliveryView, type WebhookEndpointView } from '../../api/webhooks.js';
import { PendingButton } from '../../components/PendingButton.js';
import { Alert } from '../../components/StatusMessage.js';
import { Table } from '../../components/Table.js';
import { Tag } from '../../components/Tag.js';
import { formatDateTime } from '../../format.js';
import { useAction } from '../../hooks/useAction.js';
import { useResource } from '../../hooks/useResource.js';

const STATUS_TONE = { delivered: 'accent', pending: 'info', failed: 'danger' } as const;

export function DeliveryLog({ endpoint, onNotice, reloadKey }: { endpoint: WebhookEndpointView; onNotice: (message: string) => void; reloadKey: number }) {
  const deliveries = useResource((signal) => listDeliveries(endpoint.id, signal), [endpoint.id, reloadKey]);
  const again = useAction(async (delivery: DeliveryView) => {
    await redeliver(endpoint.id, delivery.id);
    onNotice(`Delivery of ${delivery.eventType} queued again.`);
    await deliveries.reload();
  });
  const last = (d: DeliveryView) => d.attempts[d.attempts.length - 1];
  return (
    <section className="card" aria-labelledby="deliveries-heading">
      <h2 id="deliveries-heading">Deliveries to {endpoint.url}</h2>
      <Alert error={deliveries.error} />
      <Alert error={again.error} />
      <div className="form-actions">
        <button type="button" className="button button-secondary" onClick={() => void deliveries.reload()}>
          Refresh
        </button>
      </div>
      <Table<DeliveryView>
        caption={`Deliveries to ${endpoint.url}`}
        columns={[
          { header: 'Event', cell: (d) => <code>{d.eventType}</code> },
          { header: 'Status', cell: (d) => <Tag tone={STATUS_TONE[d.status]}>{d.status}</Tag> },
          { header: 'Attempts', cell: (d) => String(d.attemptCount) },
          {
            header: 'Last attempt',
            cell: (d) => {
              const a = last(d);
              if (!a) return <span className="muted">{d.nextAttemptAt ? `Due ${formatDateTime(d.nextAttemptAt)}` : 'None yet'}</span>;
              return (
                <span>
                  {formatDateTime(a.at)} · {a.statusCode ?? '—'} · {a.latencyMs} ms{a.error ? ` · ${a.error}` : ''}
                </span>
              );
            },
          },
          {
            header: 'Response',
            cell: (d) => {
              const excerpt = last(d)?.responseExcerpt;
              return excerpt ? <code className="excerpt">{excerpt.slice(0, 120)}</code> : <span className="muted">—</span>;
            },
          },
          {
            header: 'Actions',
            hideHeader: true,
            cell: (d) =>
              d.status === 'pending' ? null : (
                <PendingButton
                  variant="secondary"
                  pending={again.pending}
                  onClick={() => void again.run(d)}
                  aria-label={`Redeliver ${d.eventType} of ${formatDateTime(d.createdAt)}`}
                >
                  Redeliver
                </PendingButton>
              ),
          },
        ]}
        rows={deliveries.data?.data ?? []}
        rowKey={(d) => d.id}
        loading={deliveries.loading}
        empty="No deliveries yet. Send a test event to try the endpoint."
      />
    </section>
  );
}
