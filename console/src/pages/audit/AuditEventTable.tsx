/**
 * Audit events as a table, shared by the audit log and a user's page: the time
 * in the reader's zone (UTC on hover), the action, who acted and on what (a
 * user links to their page), and what changed as a field / before / after
 * table instead of raw JSON.
 */
import type { AuditEvent, AuditRef } from '../../api/types.js';
import { Link } from '../../components/Link.js';
import { Table, type Column } from '../../components/Table.js';
import { formatZonedDateTime, utcText } from '../../format.js';
import { userPath } from '../../router.js';
import { changeRows, detailRows } from './audit-changes.js';

/** A user links to their page (a deleted user's page says they are gone); anything else is its slug or id. */
function Ref({ value }: { value: AuditRef }) {
  const text = value.slug ?? value.id;
  return value.type === 'user' ? <Link href={userPath(value.id)}>{text}</Link> : <>{text}</>;
}

function Changes({ event }: { event: AuditEvent }) {
  const changes = changeRows(event.changes);
  const details = detailRows(event.details);
  if (changes.length === 0 && details.length === 0) return <span className="muted">—</span>;
  return (
    <details className="event-details">
      <summary>
        {changes.length ? `${changes.length} ${changes.length === 1 ? 'change' : 'changes'}` : 'Details'}
        <span className="visually-hidden">
          {' '}
          of {event.action} at {utcText(event.at)}
        </span>
      </summary>
      {changes.length ? (
        <table className="change-table">
          <caption className="visually-hidden">What changed</caption>
          <thead>
            <tr>
              <th scope="col">Field</th>
              <th scope="col">Before</th>
              <th scope="col">After</th>
            </tr>
          </thead>
          <tbody>
            {changes.map((c) => (
              <tr key={c.field}>
                <th scope="row">{c.field}</th>
                <td>{c.before}</td>
                <td>{c.after}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {details.length ? (
        <dl className="detail-list">
          {details.map((d) => (
            <div key={d.field}>
              <dt>{d.field}</dt>
              <dd>{d.value}</dd>
            </div>
          ))}
        </dl>
      ) : null}
      {event.requestId ? <p className="hint">Request {event.requestId}</p> : null}
    </details>
  );
}

export function AuditEventTable({
  caption,
  events,
  loading,
  empty,
  showTarget = true,
}: {
  caption: string;
  events: readonly AuditEvent[];
  loading: boolean;
  empty: string;
  showTarget?: boolean;
}) {
  const columns: Array<Column<AuditEvent>> = [
    {
      header: 'Time',
      className: 'cell-nowrap',
      cell: (e) => (
        <time dateTime={e.at} title={`UTC ${utcText(e.at)}`}>
          {formatZonedDateTime(e.at)}
        </time>
      ),
    },
    { header: 'Action', cell: (e) => <code>{e.action}</code> },
    { header: 'Actor', cell: (e) => <Ref value={e.actor} /> },
  ];
  if (showTarget)
    columns.push({
      header: 'Target',
      cell: (e) => (
        <>
          <Ref value={e.target} /> <span className="muted">({e.target.type})</span>
        </>
      ),
    });
  columns.push({ header: 'Details', className: 'cell-details', cell: (e) => <Changes event={e} /> });
  return <Table caption={caption} columns={columns} rows={events} rowKey={(e) => e.id} loading={loading} empty={empty} />;
}
