/**
 * Provisioning health at a glance (tenant admins): for SCIM, when the IdP last
 * called, how many users and groups it sees, its requests and errors per hour
 * over 7 days and its latest errors with their SCIM detail; for single sign-on,
 * the provider and the last successful and refused sign-ins. Everything comes
 * from the health route, which reads counters the service keeps as it works.
 */
import { getProvisioningHealth } from '../../api/provisioning.js';
import type { ProvisioningHealth } from '../../api/types.js';
import { Alert, StatusRegion } from '../../components/StatusMessage.js';
import { Table } from '../../components/Table.js';
import { formatRelative, formatZonedDateTime, utcText } from '../../format.js';
import { useResource } from '../../hooks/useResource.js';
import { refusalLabel, signInMethodLabel } from './health-labels.js';
import { TrafficChart } from './TrafficChart.js';

type ScimError = ProvisioningHealth['scim']['recentErrors'][number];
type SignIn = NonNullable<ProvisioningHealth['sso']['lastSsoSignIn']>;

export function HealthSection() {
  const health = useResource((signal) => getProvisioningHealth(signal), []);
  const data = health.data;
  return (
    <section className="card" aria-labelledby="health-heading">
      <h2 id="health-heading">Provisioning health</h2>
      <StatusRegion message={health.loading && !data ? 'Loading provisioning health…' : undefined} />
      <Alert error={health.error} />
      {data ? (
        <>
          <ScimHealth scim={data.scim} />
          <SsoHealth sso={data.sso} />
        </>
      ) : null}
    </section>
  );
}

function ScimHealth({ scim }: { scim: ProvisioningHealth['scim'] }) {
  return (
    <>
      <h3 className="subheading">SCIM</h3>
      {!scim.enabled ? <p className="note">The provisioning mode is not SCIM: the SCIM endpoint refuses requests.</p> : null}
      <dl className="profile health-figures">
        <dt>Last request</dt>
        <dd>{scim.lastRequestAt ? <When iso={scim.lastRequestAt} /> : 'None in the last 7 days'}</dd>
        <dt>Users under SCIM</dt>
        <dd>{scim.users}</dd>
        <dt>Groups under SCIM</dt>
        <dd>{scim.groups}</dd>
      </dl>
      <TrafficChart hours={scim.hours} />
      <h4 className="subheading">Latest errors</h4>
      <Table<ScimError>
        caption="Latest SCIM errors, newest first"
        columns={[
          { header: 'Time', cell: (e) => <When iso={e.at} /> },
          { header: 'Status', cell: (e) => (e.scimType ? `${e.status} ${e.scimType}` : String(e.status)) },
          {
            header: 'Request',
            cell: (e) => (
              <code>
                {e.method} {e.path}
                {e.bulkId ? ` (bulkId ${e.bulkId})` : ''}
              </code>
            ),
          },
          { header: 'Detail', cell: (e) => e.detail || '—' },
        ]}
        rows={scim.recentErrors}
        rowKey={(e) => `${e.at}#${e.requestId}#${e.method}#${e.bulkId ?? ''}`}
        empty="No SCIM errors in the last 7 days."
      />
    </>
  );
}

function SsoHealth({ sso }: { sso: ProvisioningHealth['sso'] }) {
  return (
    <>
      <h3 className="subheading">Single sign-on</h3>
      {sso.provider ? (
        <dl className="profile health-figures">
          <dt>Provider</dt>
          <dd>
            {sso.provider.name} ({sso.provider.type === 'oidc' ? 'OIDC' : 'SAML'})
          </dd>
          <dt>Issuer</dt>
          <dd>{sso.provider.issuer ? <code>{sso.provider.issuer}</code> : (sso.provider.metadataUrl ?? 'Not stated in the metadata')}</dd>
          <dt>Last single sign-on</dt>
          <dd>{sso.lastSsoSignIn ? <SignInText entry={sso.lastSsoSignIn} /> : 'None yet'}</dd>
          <dt>Last refused sign-in</dt>
          <dd>{sso.lastRefusedSignIn ? <SignInText entry={sso.lastRefusedSignIn} refused /> : 'None'}</dd>
        </dl>
      ) : (
        <>
          <p className="note">No single sign-on provider is configured for this tenant.</p>
          <dl className="profile health-figures">
            <dt>Last refused sign-in</dt>
            <dd>{sso.lastRefusedSignIn ? <SignInText entry={sso.lastRefusedSignIn} refused /> : 'None'}</dd>
          </dl>
        </>
      )}
    </>
  );
}

function SignInText({ entry, refused = false }: { entry: SignIn; refused?: boolean }) {
  return (
    <>
      {entry.email ?? 'Unknown person'}, {signInMethodLabel(entry.method)}
      {refused ? `: ${refusalLabel(entry.reason)}` : ''}, <When iso={entry.at} />
    </>
  );
}

function When({ iso }: { iso: string }) {
  return (
    <time dateTime={iso} title={`${formatZonedDateTime(iso)} (UTC ${utcText(iso)})`}>
      {formatRelative(iso)}
    </time>
  );
}
