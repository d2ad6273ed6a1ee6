/** POST /Bulk: up to MAX_BULK_OPERATIONS operations within a time budget, with bulkId references and failOnErrors (RFC 7644 §3.7). */
import { parseBulkRequest } from '../../shared/scim/bulk/bulk-request.js';
import { processBulk } from '../../shared/scim/bulk/bulk-processor.js';
import { scimRoute } from '../../shared/scim/http/scim-route.js';

export const handler = scimRoute(
  ['scim.bulk'],
  'SCIM Bulk operations',
  async (ctx, input) => ({
    status: 200,
    body: await processBulk(ctx, parseBulkRequest(input.body)),
  }),
  'none',
);
