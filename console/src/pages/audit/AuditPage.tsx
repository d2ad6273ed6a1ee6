/**
 * The audit log, newest first: filter by action, actor (their email) and a date
 * range, then page through. Filters apply on "Apply", so typing does not fire
 * a request per keystroke. Without dates the API shows the last 30 days.
 * Refused sign-ins are events too (`sign_in.refused`, with the reason).
 */
import { useId, useState } from 'react';
import { listAuditEvents } from '../../api/audit.js';
import { TextField } from '../../components/Field.js';
import { PageHeader } from '../../components/PageHeader.js';
import { Pagination } from '../../components/Pagination.js';
import { Alert, StatusRegion } from '../../components/StatusMessage.js';
import { useResource } from '../../hooks/useResource.js';
import { isAdmin, useSessionInfo } from '../../session/SessionContext.js';
import { AuditEventTable } from './AuditEventTable.js';
import { auditQueryOf, KNOWN_ACTIONS, NO_FILTERS, type AuditFilters } from './audit-filters.js';

const PAGE_SIZE = 50;

export function AuditPage() {
  const info = useSessionInfo();
  const actionsListId = useId();
  const [form, setForm] = useState<AuditFilters>(NO_FILTERS);
  const [applied, setApplied] = useState<AuditFilters>(NO_FILTERS);
  const [offset, setOffset] = useState(0);
  const [problem, setProblem] = useState<string | undefined>(undefined);

  const events = useResource(
    (signal) => {
      const parsed = auditQueryOf(applied);
      if ('problem' in parsed) return Promise.resolve(undefined);
      return listAuditEvents({ limit: PAGE_SIZE, offset, ...parsed.query }, signal);
    },
    [applied, offset],
  );
  const rows = events.data?.data ?? [];

  const apply = () => {
    const parsed = auditQueryOf(form);
    if ('problem' in parsed) return setProblem(parsed.problem);
    setProblem(undefined);
    setOffset(0);
    setApplied({ ...form });
  };
  const set = (field: keyof AuditFilters) => (event: { target: { value: string } }) => setForm((f) => ({ ...f, [field]: event.target.value }));

  return (
    <>
      <PageHeader
        title="Audit log"
        description={isAdmin(info) ? 'Every change to users, teams, tokens and settings in this tenant.' : 'Changes to your own account.'}
      />
      <form
        className="card filters"
        onSubmit={(event) => {
          event.preventDefault();
          apply();
        }}
      >
        <TextField
          label="Action"
          value={form.action}
          onChange={set('action')}
          list={actionsListId}
          placeholder="user.deactivated"
          autoComplete="off"
          spellCheck={false}
        />
        <datalist id={actionsListId}>
          {KNOWN_ACTIONS.map((a) => (
            <option key={a} value={a} />
          ))}
        </datalist>
        <TextField label="Actor" value={form.actor} onChange={set('actor')} placeholder="admin@example.com" autoComplete="off" spellCheck={false} />
        <TextField label="From" type="date" value={form.from} onChange={set('from')} />
        <TextField label="To" type="date" value={form.to} onChange={set('to')} />
        <div className="form-actions">
          <button type="submit" className="button button-primary">
            Apply
          </button>
          <button
            type="button"
            className="button button-secondary"
            onClick={() => {
              setForm(NO_FILTERS);
              setProblem(undefined);
              setOffset(0);
              setApplied(NO_FILTERS);
            }}
          >
            Clear
          </button>
        </div>
      </form>
      {problem ? <Alert>{problem}</Alert> : null}
      <StatusRegion message={events.loading ? 'Loading events…' : undefined} />
      <Alert error={events.error} />
      <AuditEventTable caption="Audit events" events={rows} loading={events.loading} empty="No events match these filters." />
      <Pagination
        offset={offset}
        limit={PAGE_SIZE}
        count={rows.length}
        total={events.data?.pagination.total ?? 0}
        onChange={setOffset}
        disabled={events.loading}
        label="Audit log pages"
      />
    </>
  );
}
