/** Request and response schemas of the webhook admin routes. */
import * as z from '../../../shared/validation/zod.js';
import { DeliveryView } from '../../../shared/webhooks/delivery.js';
import { MAX_URL_LENGTH } from '../../../shared/webhooks/endpoint-url.js';
import { MAX_OVERLAP_SECONDS } from '../../../shared/webhooks/endpoint-store.js';
import { MAX_DESCRIPTION_LENGTH, WebhookEndpointView } from '../../../shared/webhooks/webhook-endpoint.js';

export { ErrorResponse } from '../users/schemas.js';

const Id = z.string().check(z.minLength(1), z.maxLength(100), z.regex(/^[A-Za-z0-9_-]+$/, 'must be an id'));
export const EndpointIdParams = z.strictObject({ id: Id });
export const DeliveryParams = z.strictObject({
  id: Id,
  deliveryId: z.string().check(z.minLength(1), z.maxLength(100), z.regex(/^[A-Za-z0-9_-]+$/, 'must be a delivery id')),
});

const Url = z
  .string()
  .check(z.minLength(1, 'url is required'), z.maxLength(MAX_URL_LENGTH))
  .check(z.describe('https URL of the receiver (no credentials in it)'));
const EventTypes = z
  .array(z.string().check(z.maxLength(100)))
  .check(z.maxLength(100), z.describe('Event types to send (see docs/events), or ["*"] for every type'));
const Description = z.string().check(z.maxLength(MAX_DESCRIPTION_LENGTH));

export const CreateEndpointBody = z.strictObject({
  url: Url,
  eventTypes: EventTypes,
  description: z.optional(Description),
  enabled: z.optional(z.boolean()),
});
export const UpdateEndpointBody = z.strictObject({
  url: z.optional(Url),
  eventTypes: z.optional(EventTypes),
  description: z.optional(Description),
  enabled: z.optional(z.boolean()),
});
export const RotateSecretBody = z.optional(
  z.strictObject({
    overlapSeconds: z
      .optional(z.int().check(z.gte(0), z.lte(MAX_OVERLAP_SECONDS)))
      .check(z.describe('How long the previous secret keeps signing too (default one day, at most a week; 0 ends it now)')),
  }),
);

export const EndpointResponse = z.object({ data: WebhookEndpointView });
export const EndpointListResponse = z.object({ data: z.array(WebhookEndpointView) });
export const EndpointWithSecretResponse = z.object({
  data: WebhookEndpointView,
  /** `whsec_…`: shown in this answer only. */
  secret: z.string(),
});
export const DeliveryResponse = z.object({ data: DeliveryView });
export const DeliveryListResponse = z.object({
  data: z.array(DeliveryView),
  /** Pass as `before` for the next (older) page; absent on the last page. */
  nextBefore: z.optional(z.string()),
});
export const DeliveryListQuery = z.strictObject({
  limit: z._default(z.coerce.number({ error: 'must be an integer' }).check(z.int('must be an integer'), z.gte(1), z.lte(100)), 25),
  before: z.optional(z.string().check(z.maxLength(100), z.regex(/^[A-Za-z0-9_-]+$/, 'must be a delivery id'))),
  status: z.optional(z.enum(['pending', 'delivered', 'failed'])),
});
