/**
 * Access > Users: the tenant's users, searched by email, filtered by status,
 * role and source and sorted by the API over the whole tenant, and paged.
 * Admins invite people and act on rows through each row's menu; members see the
 * same table without actions. Every action reloads the page of users it may
 * have changed, and refreshes the session when it changed the signed-in user.
 */
import { useEffect, useState } from 'react';
import type { User } from '../../api/types.js';
import { listUsers } from '../../api/users.js';
import { ActionMenu, type MenuItem } from '../../components/ActionMenu.js';
import { SelectField, TextField } from '../../components/Field.js';
import { PageHeader } from '../../components/PageHeader.js';
import { Link } from '../../components/Link.js';
import { Pagination } from '../../components/Pagination.js';
import { Alert, StatusRegion } from '../../components/StatusMessage.js';
import { Table, type Column } from '../../components/Table.js';
import { Tag } from '../../components/Tag.js';
import { formatDateTime, formatRelative } from '../../format.js';
import { useDebounced } from '../../hooks/useDebounced.js';
import { useDialogState } from '../../hooks/useDialogState.js';
import { usePagedResource } from '../../hooks/usePagedResource.js';
import { userPath } from '../../router.js';
import { isAdmin, useSession, useSessionInfo } from '../../session/SessionContext.js';
import { InviteDialog } from './InviteDialog.js';
import { UserDialog, type UserAction } from './UserDialogs.js';
import { StatusTags } from './StatusTags.js';
import { DEFAULT_FILTERS, filterQuery, ROLE_OPTIONS, SORT_OPTIONS, SOURCE_OPTIONS, STATUS_OPTIONS, type UserFilters } from './user-filters.js';
import { displayNameOf, roleLabel, roleOf, statusTags, userActions } from './user-status.js';

const PAGE_SIZE = 25;

type OpenDialog = { kind: 'invite' } | { kind: 'row'; action: UserAction; user: User; opener: HTMLElement };

export function UsersPage() {
  const info = useSessionInfo();
  const { refresh: refreshSession } = useSession();
  const admin = isAdmin(info);
  const [search, setSearch] = useState('');
  const query = useDebounced(search.trim(), 300);
  const [filters, setFilters] = useState<UserFilters>(DEFAULT_FILTERS);
  const dialogs = useDialogState<OpenDialog>();
  const dialog = dialogs.current;
  const users = usePagedResource((page, signal) => listUsers({ ...page, query: query || undefined, ...filterQuery(filters) }, signal), PAGE_SIZE, [
    query,
    filters,
  ]);
  // Users an action changed, shown as they now are in the rows already on screen: a user just
  // deactivated stays in view with its badge until the admin changes the filters or the page.
  const [changedRows, setChangedRows] = useState<ReadonlyMap<string, User>>(new Map());
  useEffect(() => setChangedRows(new Map()), [query, filters, users.offset]);
  const rows = users.rows.map((u) => changedRows.get(u.id) ?? u);

  const done = (message: string, changed?: User) => {
    dialogs.finish(message);
    if (changed) setChangedRows((m) => new Map(m).set(changed.id, changed));
    else void users.reload();
    if (changed?.id === info.user.id || (dialog?.kind === 'row' && dialog.user.id === info.user.id)) void refreshSession();
  };
  const setFilter =
    <K extends keyof UserFilters>(key: K) =>
    (event: { target: { value: string } }) => {
      setFilters((f) => ({ ...f, [key]: event.target.value as UserFilters[K] }));
      users.setOffset(0);
    };

  const menuItems = (user: User): MenuItem[] =>
    userActions(user).map(({ action, label, danger }) => ({ label, danger, onSelect: (opener) => dialogs.show({ kind: 'row', action, user, opener }) }));

  const columns: Array<Column<User>> = [
    {
      header: 'Email',
      cell: (u) => (
        <Link className="cell-primary" href={userPath(u.id)}>
          {u.email}
        </Link>
      ),
    },
    { header: 'Name', cell: (u) => displayNameOf(u) ?? <span className="muted">—</span> },
    {
      header: 'Role',
      cell: (u) => <Tag tone={roleOf(u) === 'tenant-admin' ? 'accent' : 'neutral'}>{roleLabel(roleOf(u))}</Tag>,
    },
    {
      header: 'Status',
      cell: (u) => <StatusTags tags={statusTags(u, info.tenant.mode)} none={<span className="muted">Active</span>} />,
    },
    {
      header: 'Last access',
      cell: (u) =>
        u.lastAccessedAt ? (
          <time dateTime={u.lastAccessedAt} title={formatDateTime(u.lastAccessedAt)}>
            {formatRelative(u.lastAccessedAt)}
          </time>
        ) : (
          <span className="muted">Never</span>
        ),
    },
  ];
  if (admin) {
    columns.push({
      header: 'Actions',
      hideHeader: true,
      className: 'cell-actions',
      cell: (u) => <ActionMenu label={`Actions for ${u.email}`} items={menuItems(u)} />,
    });
  }

  return (
    <>
      <PageHeader
        title="Users"
        description={`Everyone who can sign in to ${info.tenant.displayName}.`}
        actions={
          admin ? (
            <button type="button" className="button button-primary" onClick={() => dialogs.show({ kind: 'invite' })}>
              Invite users
            </button>
          ) : null
        }
      />
      <div className="toolbar" role="search">
        <TextField
          label="Search by email"
          type="search"
          value={search}
          placeholder="name@example.com"
          autoComplete="off"
          onChange={(event) => {
            setSearch(event.target.value);
            users.setOffset(0);
          }}
        />
        <FilterSelect label="Status" value={filters.status} options={STATUS_OPTIONS} onChange={setFilter('status')} />
        <FilterSelect label="Role" value={filters.role} options={ROLE_OPTIONS} onChange={setFilter('role')} />
        <FilterSelect label="Source" value={filters.source} options={SOURCE_OPTIONS} onChange={setFilter('source')} />
        <FilterSelect label="Sort by" value={filters.sort} options={SORT_OPTIONS} onChange={setFilter('sort')} />
      </div>
      <StatusRegion message={users.loading && !users.data ? 'Loading users…' : dialogs.notice} />
      <Alert error={users.error} />
      <Table
        caption="Users"
        columns={columns}
        rows={rows}
        rowKey={(u) => u.id}
        loading={users.loading}
        rowClassName={(u) => (u.active ? undefined : 'row-inactive')}
        empty={query ? `No users match “${query}”.` : filters === DEFAULT_FILTERS ? 'No users yet.' : 'No users match these filters.'}
      />
      <Pagination {...users.pager} label="Users pages" />
      {dialog?.kind === 'invite' ? <InviteDialog mode={info.tenant.mode} onDone={(message) => done(message)} onClose={dialogs.close} /> : null}
      {dialog?.kind === 'row' ? (
        <UserDialog
          action={dialog.action}
          user={dialog.user}
          opener={dialog.opener}
          self={dialog.user.id === info.user.id}
          onDone={done}
          onClose={dialogs.close}
        />
      ) : null}
    </>
  );
}

function FilterSelect<V extends string>({
  label,
  value,
  options,
  onChange,
}: {
  label: string;
  value: V;
  options: Array<[V, string]>;
  onChange: (event: { target: { value: string } }) => void;
}) {
  return (
    <SelectField label={label} value={value} onChange={onChange}>
      {options.map(([v, text]) => (
        <option key={v} value={v}>
          {text}
        </option>
      ))}
    </SelectField>
  );
}
