/**
 * Invite users: one address or many (pasted one a line, or a CSV file), a role
 * for all of them and, for one person, their name (in a list, each line may
 * carry its own: `email, given name, family name`). "Preview" asks the API what
 * would happen to each address without writing anything (new, already a member,
 * refused); "Invite" then sends one request per address, a few at a time, and
 * shows each one's result: an address that fails changes nothing and leaves the
 * others done.
 *
 * With "Send email to set password" (the default) the API creates each user
 * invite-pending and mails a single-use link to this console's accept-invite
 * page; for someone whose invite is still pending it sends a fresh link.
 * Without it the users are only registered, for tenants where people sign in
 * with SSO. Where the tenant signs in with SSO the checkbox carries a warning:
 * a password there is only for break-glass access.
 */
import { useState } from 'react';
import { getProvisioning } from '../../api/provisioning.js';
import type { ProvisioningModeName, TenantRole } from '../../api/types.js';
import { checkInvitee, inviteUser, registerUser, type Invitee } from '../../api/users.js';
import { linkPageUrl } from '../public/link-pages.js';
import { Dialog, DialogActions } from '../../components/Dialog.js';
import { CheckboxField, TextAreaField, TextField } from '../../components/Field.js';
import { PendingButton } from '../../components/PendingButton.js';
import { RadioGroup } from '../../components/RadioGroup.js';
import { Alert, StatusRegion } from '../../components/StatusMessage.js';
import { Table } from '../../components/Table.js';
import { Tag, type TagTone } from '../../components/Tag.js';
import { useAction } from '../../hooks/useAction.js';
import { useResource } from '../../hooks/useResource.js';
import {
  CONCURRENCY,
  MAX_INVITES,
  mapBounded,
  parseInviteList,
  PREVIEW_TEXT,
  previewOf,
  RESULT_TEXT,
  resultOf,
  resultSummary,
  type InviteLine,
  type PreviewState,
  type SendResult,
} from './bulk-invite.js';
import { roleLabel } from './user-status.js';

export const SSO_PASSWORD_WARNING = 'This tenant signs in with single sign-on; a password is only for break-glass access.';

interface Row extends InviteLine {
  preview?: PreviewState;
  result?: SendResult;
}

const PREVIEW_TONE: Record<PreviewState['kind'], TagTone> = { new: 'info', member: 'neutral', invalid: 'danger' };

export function InviteDialog({ mode, onDone, onClose }: { mode: ProvisioningModeName; onDone: (message: string) => void; onClose: () => void }) {
  const [list, setList] = useState('');
  const [givenName, setGivenName] = useState('');
  const [familyName, setFamilyName] = useState('');
  const [role, setRole] = useState<TenantRole>('tenant-member');
  const [sendEmail, setSendEmail] = useState(true);
  const [rows, setRows] = useState<Row[] | undefined>(undefined);
  const [problem, setProblem] = useState<string | undefined>(undefined);
  const [sent, setSent] = useState(false);
  // SSO enforcement is a provisioning setting; while it loads, the tenant's mode alone decides the warning.
  const settings = useResource((signal) => getProvisioning(signal), []);
  const ssoTenant = mode === 'scim' || mode === 'jit' || settings.data?.ssoEnforced === true;

  const inviteeOf = (row: InviteLine): Invitee => {
    const name = { givenName: row.givenName, familyName: row.familyName };
    return { role, ...(name.givenName || name.familyName ? { name } : {}) };
  };

  const parse = (): InviteLine[] | undefined => {
    const lines = parseInviteList(list);
    if (lines.length === 0) return void setProblem('Enter at least one email address.');
    if (lines.length > MAX_INVITES) return void setProblem(`At most ${MAX_INVITES} addresses at once; this list has ${lines.length}.`);
    if (givenName.trim() || familyName.trim()) {
      if (lines.length > 1)
        return void setProblem('The name fields are for one person; in a list, give each name on its line: email, given name, family name.');
      return [
        {
          ...lines[0]!,
          givenName: lines[0]!.givenName ?? (givenName.trim() || undefined),
          familyName: lines[0]!.familyName ?? (familyName.trim() || undefined),
        },
      ];
    }
    return lines;
  };

  const preview = useAction(async () => {
    setProblem(undefined);
    const lines = parse();
    if (!lines) return;
    const checked = await mapBounded(lines, CONCURRENCY, async (line): Promise<Row> => {
      if (line.problem) return { ...line, preview: { kind: 'invalid', message: line.problem } };
      const outcome = await checkInvitee(line.email, inviteeOf(line)).then(
        () => ({ ok: true as const }),
        (error: unknown) => ({ ok: false as const, error }),
      );
      return { ...line, preview: previewOf(outcome) };
    });
    setRows(checked);
  });

  const send = useAction(async () => {
    if (!rows) return;
    const results = await mapBounded(rows, CONCURRENCY, async (row): Promise<Row> => {
      if (row.preview?.kind === 'invalid') return { ...row, result: { kind: 'skipped', message: `Not sent: ${row.preview.message}` } };
      const outcome = await sendOne(row, inviteeOf(row), sendEmail).then(
        (kind) => ({ ok: true as const, kind }),
        (error: unknown) => ({ ok: false as const, error }),
      );
      return { ...row, result: resultOf(outcome) };
    });
    setRows(results);
    setSent(true);
  });

  const toSend = rows?.filter((r) => r.preview?.kind !== 'invalid').length ?? 0;
  const editing = rows === undefined;
  const busy = preview.pending || send.pending;
  const results = rows?.flatMap((r) => (r.result ? [r.result] : [])) ?? [];

  return (
    <Dialog title="Invite users" onClose={onClose} busy={busy} size="wide">
      <form
        onSubmit={(event) => {
          event.preventDefault();
          if (editing) void preview.run();
          else if (!sent) void send.run();
          else onDone(resultSummary(results));
        }}
      >
        <div className="dialog-body">
          {editing ? (
            <>
              <TextAreaField
                label="Email addresses"
                name="emails"
                rows={5}
                required
                spellCheck={false}
                autoComplete="off"
                value={list}
                onChange={(event) => setList(event.target.value)}
                hint="One person a line. A line may add their name: email, given name, family name (as in a CSV file)."
              />
              <FileField onText={(text) => setList((current) => (current.trim() ? `${current.trimEnd()}\n${text}` : text))} />
              <div className="field-row">
                <TextField label="Given name" value={givenName} autoComplete="off" maxLength={100} onChange={(event) => setGivenName(event.target.value)} />
                <TextField label="Family name" value={familyName} autoComplete="off" maxLength={100} onChange={(event) => setFamilyName(event.target.value)} />
              </div>
              <p className="hint">The name is optional; SCIM clients and this console show it.</p>
              <RadioGroup
                label="Role"
                name="invite-role"
                value={role}
                onChange={setRole}
                choices={[
                  { value: 'tenant-member', label: roleLabel('tenant-member'), hint: 'Uses the platform; sees the users list and their own teams.' },
                  { value: 'tenant-admin', label: roleLabel('tenant-admin'), hint: 'Manages users, teams, provisioning and tokens of the tenant.' },
                ]}
              />
              <CheckboxField
                label="Send email to set password"
                checked={sendEmail}
                onChange={(event) => setSendEmail(event.target.checked)}
                hint={
                  <>
                    {ssoTenant ? <p className="warning-text">{SSO_PASSWORD_WARNING}</p> : null}
                    <p>{sendEmail ? 'The email holds a link that works once, for 7 days.' : 'Without the email, they can only sign in with single sign-on.'}</p>
                  </>
                }
              />
            </>
          ) : (
            <>
              <p>
                {sent
                  ? 'What happened to each address:'
                  : `Role ${roleLabel(role)}, ${sendEmail ? 'with' : 'without'} an email to set a password. Nothing is sent until you choose Invite.`}
              </p>
              <StatusRegion message={sent ? resultSummary(results) : undefined} />
              <Table<Row>
                caption={sent ? 'Invite results' : 'Invite preview'}
                columns={[
                  { header: 'Line', className: 'cell-nowrap', cell: (r) => r.line },
                  { header: 'Email', className: 'cell-wrap', cell: (r) => r.email || <span className="muted">(empty)</span> },
                  { header: 'Name', cell: (r) => [r.givenName, r.familyName].filter(Boolean).join(' ') || <span className="muted">—</span> },
                  { header: sent ? 'Result' : 'Preview', className: 'cell-wrap', cell: (r) => <RowState row={r} /> },
                ]}
                rows={rows}
                rowKey={(r) => String(r.line)}
                empty="No addresses."
              />
            </>
          )}
        </div>
        {problem ? <Alert>{problem}</Alert> : null}
        <Alert error={preview.error ?? send.error} />
        <DialogActions>
          {editing || sent ? null : (
            <button type="button" className="button button-secondary" onClick={() => setRows(undefined)} disabled={busy}>
              Back
            </button>
          )}
          {sent ? null : (
            <button type="button" className="button button-secondary" onClick={onClose} disabled={busy}>
              Cancel
            </button>
          )}
          <PendingButton type="submit" pending={busy} disabled={!editing && !sent && toSend === 0}>
            {editing ? 'Preview' : sent ? 'Done' : `Invite ${toSend === 1 ? '1 person' : `${toSend} people`}`}
          </PendingButton>
        </DialogActions>
      </form>
    </Dialog>
  );
}

async function sendOne(row: InviteLine, invitee: Invitee, sendEmail: boolean): Promise<'invited' | 'resent' | 'added'> {
  if (!sendEmail) {
    // An address already in the tenant is a 409 user.exists, which the results call "already a member".
    await registerUser(row.email, invitee);
    return 'added';
  }
  const { resent } = await inviteUser(row.email, linkPageUrl('accept-invite'), invitee);
  return resent ? 'resent' : 'invited';
}

function RowState({ row }: { row: Row }) {
  if (row.result) {
    if (row.result.kind === 'failed') return <span className="error-text">{row.result.message}</span>;
    if (row.result.kind === 'skipped') return <span className="muted">{row.result.message}</span>;
    return <Tag tone={row.result.kind === 'member' ? 'neutral' : 'info'}>{RESULT_TEXT[row.result.kind]}</Tag>;
  }
  if (!row.preview) return null;
  return (
    <>
      <Tag tone={PREVIEW_TONE[row.preview.kind]}>{PREVIEW_TEXT[row.preview.kind]}</Tag>
      {row.preview.kind === 'invalid' ? <span className="cell-note"> {row.preview.message}</span> : null}
    </>
  );
}

/** A CSV or text file whose lines join the list. */
function FileField({ onText }: { onText: (text: string) => void }) {
  return (
    <TextField
      label="Or add a CSV file"
      type="file"
      accept=".csv,.txt,text/csv,text/plain"
      hint="Columns: email, given name, family name; a header line is skipped."
      onChange={(event) => {
        const file = event.target.files?.[0];
        if (file) void file.text().then(onText);
        event.target.value = '';
      }}
    />
  );
}
