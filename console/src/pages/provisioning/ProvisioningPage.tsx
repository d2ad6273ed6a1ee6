/**
 * Settings > Security & Access > Provisioning (tenant admins): the mode picker
 * with its capability matrix, the SCIM connection, and provisioning health.
 */
import { useState } from 'react';
import { getProvisioning } from '../../api/provisioning.js';
import { PageHeader } from '../../components/PageHeader.js';
import { Alert, StatusRegion } from '../../components/StatusMessage.js';
import { useResource } from '../../hooks/useResource.js';
import { isAdmin, useSession, useSessionInfo } from '../../session/SessionContext.js';
import { CapabilityMatrix } from './CapabilityMatrix.js';
import { HealthSection } from './HealthSection.js';
import { ModeForm } from './ModeForm.js';
import { ScimTokenSection } from './ScimTokenSection.js';

export function ProvisioningPage() {
  const info = useSessionInfo();
  const { refresh: refreshSession } = useSession();
  const [notice, setNotice] = useState<string | undefined>(undefined);
  const settings = useResource((signal) => (isAdmin(info) ? getProvisioning(signal) : Promise.resolve(undefined)), []);

  if (!isAdmin(info)) {
    return (
      <>
        <PageHeader title="Provisioning" />
        <p className="note">Only tenant admins can see and change how users are provisioned.</p>
      </>
    );
  }
  const data = settings.data;
  return (
    <>
      <PageHeader title="Provisioning" description="How people get into this tenant: pushed by your identity provider, created at first sign-in, or invited." />
      <StatusRegion message={settings.loading && !data ? 'Loading provisioning settings…' : notice} />
      <Alert error={settings.error} />
      {data ? (
        <>
          <ModeForm
            key={data.version}
            settings={data}
            onReload={() => {
              setNotice(undefined);
              void settings.reload();
            }}
            onSaved={(_next, message) => {
              setNotice(message);
              void settings.reload();
              void refreshSession();
            }}
          />
          <section className="card" aria-labelledby="matrix-heading">
            <h2 id="matrix-heading">Capabilities by mode</h2>
            <CapabilityMatrix modes={data.modes} current={data.mode} />
          </section>
        </>
      ) : null}
      <ScimTokenSection />
      <HealthSection />
    </>
  );
}
