/**
 * A tenant's webhook endpoint as stored and as the admin API shows it. The
 * signing secrets are stored sealed (./secret-box.ts) and never leave this
 * module's item mapping in a view: an admin sees a secret once, in the answer
 * that created it.
 */
import * as z from '../validation/zod.js';
import { keys, type ItemKey } from '../storage/keys.js';
import type { Item } from '../storage/table.js';

/** `*` alone subscribes to every event type, present and future. */
export const ALL_EVENT_TYPES = '*';
export const MAX_ENDPOINTS_PER_TENANT = 20;
export const MAX_DESCRIPTION_LENGTH = 500;

const SealedSecretSchema = z.object({ keeper: z.enum(['kms', 'local']), wrappedKey: z.string(), box: z.string() });

const StoredSecretSchema = z.object({
  id: z.string(),
  sealed: SealedSecretSchema,
  createdAt: z.string(),
  /** Set on the previous secret by a rotation: it signs too until then. */
  expiresAt: z.optional(z.string()),
});
export type StoredSecret = z.infer<typeof StoredSecretSchema>;

export const DISABLED_REASONS = ['admin', 'failing'] as const;
export type DisabledReason = (typeof DISABLED_REASONS)[number];

const StoredEndpointSchema = z.object({
  id: z.string(),
  tenantId: z.string(),
  url: z.string(),
  description: z._default(z.string(), ''),
  eventTypes: z.array(z.string()),
  enabled: z.boolean(),
  disabledReason: z.optional(z.enum(DISABLED_REASONS)),
  disabledAt: z.optional(z.string()),
  secrets: z.array(StoredSecretSchema),
  createdAt: z.string(),
  createdBy: z.string(),
  updatedAt: z.string(),
  version: z.int(),
});
export type WebhookEndpoint = z.infer<typeof StoredEndpointSchema>;

export function endpointItem(endpoint: WebhookEndpoint): Item & ItemKey {
  return { ...keys.webhookEndpoint(endpoint.tenantId, endpoint.id), entity: 'webhook_endpoint', ...endpoint };
}

/** Parses a stored endpoint; a malformed item is a bug, not a client error. */
export function endpointFromItem(item: Item): WebhookEndpoint {
  return StoredEndpointSchema.parse(item);
}

/** Whether `endpoint` receives events of `type`. */
export const subscribes = (endpoint: Pick<WebhookEndpoint, 'eventTypes'>, type: string): boolean =>
  endpoint.eventTypes.includes(ALL_EVENT_TYPES) || endpoint.eventTypes.includes(type);

/** The secrets that sign now, newest first: the current one, and the previous one while its overlap lasts. */
export function liveSecrets(endpoint: Pick<WebhookEndpoint, 'secrets'>, now = new Date()): StoredSecret[] {
  return endpoint.secrets.filter((s) => s.expiresAt === undefined || new Date(s.expiresAt) > now).sort((a, b) => (a.createdAt < b.createdAt ? 1 : -1));
}

export const WebhookEndpointView = z.object({
  id: z.string(),
  url: z.string(),
  description: z.string(),
  eventTypes: z.array(z.string()),
  enabled: z.boolean(),
  /** Why it is off: an admin turned it off, or deliveries failed for about a day. */
  disabledReason: z.optional(z.enum(DISABLED_REASONS)),
  disabledAt: z.optional(z.string()),
  /** While a rotation's overlap lasts: when the previous secret stops signing. */
  previousSecretExpiresAt: z.optional(z.string()),
  createdAt: z.string(),
  createdBy: z.string(),
  updatedAt: z.string(),
});
export type WebhookEndpointView = z.infer<typeof WebhookEndpointView>;

export function endpointView(endpoint: WebhookEndpoint, now = new Date()): WebhookEndpointView {
  const view: WebhookEndpointView = {
    id: endpoint.id,
    url: endpoint.url,
    description: endpoint.description,
    eventTypes: endpoint.eventTypes,
    enabled: endpoint.enabled,
    createdAt: endpoint.createdAt,
    createdBy: endpoint.createdBy,
    updatedAt: endpoint.updatedAt,
  };
  if (endpoint.disabledReason) view.disabledReason = endpoint.disabledReason;
  if (endpoint.disabledAt) view.disabledAt = endpoint.disabledAt;
  const previous = liveSecrets(endpoint, now).find((s) => s.expiresAt !== undefined);
  if (previous?.expiresAt) view.previousSecretExpiresAt = previous.expiresAt;
  return view;
}
