/** The console's Action filter offers exactly the actions the server records: it imports the server's registry. */
import { describe, expect, it } from 'vitest';
import { KNOWN_ACTIONS } from '../../console/src/pages/audit/audit-filters.js';
import { EVENT_TYPE_NAMES } from '../../shared/events/event-types.js';

describe('audit action filter', () => {
  it('is the event registry, whole, including the actions the old list lacked', () => {
    expect([...KNOWN_ACTIONS]).toEqual(EVENT_TYPE_NAMES);
    for (const action of ['role_binding.subject_removed', 'tenant.deployment_updated', 'tenant.removed', 'sign_in.refused'])
      expect(KNOWN_ACTIONS).toContain(action);
  });
});
