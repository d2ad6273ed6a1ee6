/**
 * The `data` of each event type: the subject's state after the change. These
 * schemas give the JSON Schema files under docs/events/ and type the audit
 * writer's `data`; the state itself is built in ./event-state.ts.
 *
 * Only the docs generator (./event-schemas.ts) parses with them: Lambda
 * functions import this module for its types and never build the schemas.
 */
import * as z from '../validation/zod.js';
import { EVENT_TYPES, type EventType, type SubjectType } from './event-types.js';

export const UserState = z.object({
  id: z.string(),
  userName: z.string(),
  email: z.optional(z.string()),
  displayName: z.optional(z.string()),
  externalId: z.optional(z.string()),
  active: z.boolean(),
  role: z.enum(['tenant-admin', 'tenant-member']),
  source: z.enum(['scim', 'jit', 'invite', 'seed']),
  inviteAccepted: z.boolean(),
  hasPassword: z.boolean(),
  ssoName: z.optional(z.string()),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type UserState = z.infer<typeof UserState>;

export const TeamState = z.object({
  id: z.string(),
  name: z.string(),
  displayName: z.optional(z.string()),
  description: z.optional(z.string()),
  source: z.enum(['scim', 'api']),
  externalId: z.optional(z.string()),
  memberCount: z.int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type TeamState = z.infer<typeof TeamState>;

const MembersChange = z.object({
  team: TeamState,
  /** User ids. */
  added: z.array(z.string()),
  removed: z.array(z.string()),
});

export const PatState = z.object({
  id: z.string(),
  name: z.string(),
  userId: z.string(),
  /** The first characters of the token, as the console shows them; never the token. */
  displayPrefix: z.string(),
  createdAt: z.string(),
  expiresAt: z.optional(z.string()),
  revoked: z.boolean(),
});
export type PatState = z.infer<typeof PatState>;

export const TenantState = z.object({
  id: z.string(),
  displayName: z.string(),
  mode: z.enum(['scim', 'jit', 'invite-only']),
  ssoEnforced: z.boolean(),
  trustIdpEmails: z.boolean(),
  scimGroupNames: z.enum(['slug', 'strict']),
  patMaxLifetimeDays: z.number(),
  /** Whether the tenant signs in through an SSO provider (its configuration and secret are not events' business). */
  ssoConfigured: z.boolean(),
});
export type TenantState = z.infer<typeof TenantState>;

const ScimTokenChange = z.object({
  /** The token issued by this change, or the first one revoked; its prefix only. */
  token: z.object({ id: z.string(), displayPrefix: z.string() }),
  /** Ids of the tokens this change ended (at once, or after `graceSeconds`). */
  endedTokens: z.array(z.string()),
  graceSeconds: z.optional(z.int()),
});

const Resource = z.object({ type: z.string(), id: z.string() });

const RoleGrant = z.object({
  subjectType: z.enum(['user', 'team']),
  subjectId: z.string(),
  role: z.string(),
  previousRole: z.optional(z.string()),
});

const RoleBindingsChange = z.object({ resource: Resource, bindings: z.array(RoleGrant) });

const SubjectRolesRemoved = z.object({
  subject: z.object({ type: z.enum(['user', 'team']), id: z.string() }),
  removed: z.array(z.object({ resourceType: z.string(), resourceId: z.string(), role: z.string() })),
});

const PatsRevoked = z.object({
  user: z.object({ id: z.string(), email: z.optional(z.string()) }),
  tokens: z.array(z.object({ id: z.string(), name: z.string() })),
  /** `user.deactivated` when the user's deactivation had already stopped them. */
  reason: z.optional(z.string()),
});

export const SignInRefusal = z.object({
  reason: z.string(),
  trigger: z.string(),
  method: z.optional(z.enum(['federated', 'password'])),
  provider: z.optional(z.string()),
  /** The user the sign-in was for, when one was found. */
  userId: z.optional(z.string()),
});

const TenantRemoved = z.object({ tenant: z.object({ id: z.string(), displayName: z.string() }), users: z.int(), forced: z.boolean() });

export const WebhookEndpointState = z.object({
  id: z.string(),
  url: z.string(),
  description: z.optional(z.string()),
  /** Event types delivered to it, or `['*']` for all. */
  eventTypes: z.array(z.string()),
  enabled: z.boolean(),
  disabledReason: z.optional(z.enum(['admin', 'failing'])),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type WebhookEndpointState = z.infer<typeof WebhookEndpointState>;

const UserData = z.object({ user: UserState });
const TeamData = z.object({ team: TeamState });
const PatData = z.object({ pat: PatState });
const TenantData = z.object({ tenant: TenantState });
const WebhookEndpointData = z.object({ endpoint: WebhookEndpointState });

/** The schema of a type's `data` by its subject. */
const BY_SUBJECT: Partial<Record<SubjectType, z.ZodMiniType>> = {
  user: UserData,
  team: TeamData,
  pat: PatData,
  tenant: TenantData,
  webhook_endpoint: WebhookEndpointData,
};

/** The types whose data says more than their subject's state. */
const SPECIFIC = {
  'team.members_changed': MembersChange,
  'team.members_removed': MembersChange,
  'pat.revoked_all': PatsRevoked,
  'role_binding.granted': RoleBindingsChange,
  'role_binding.revoked': RoleBindingsChange,
  'role_binding.subject_removed': SubjectRolesRemoved,
  'scim_token.created': ScimTokenChange,
  'scim_token.rotated': ScimTokenChange,
  'scim_token.revoked': ScimTokenChange,
  'sign_in.refused': SignInRefusal,
  'tenant.removed': TenantRemoved,
} as const;

type BySubject = {
  user: typeof UserData;
  team: typeof TeamData;
  pat: typeof PatData;
  tenant: typeof TenantData;
  webhook_endpoint: typeof WebhookEndpointData;
  scim_token: never;
  role_bindings: never;
  identity: never;
};
type DataSchemas = {
  [T in EventType]: T extends keyof typeof SPECIFIC ? (typeof SPECIFIC)[T] : BySubject[(typeof EVENT_TYPES)[T]['subject']];
};

/** The schema of every type's `data`. */
export const EVENT_DATA: { [T in EventType]: DataSchemas[T] } = Object.fromEntries(
  Object.entries(EVENT_TYPES).map(([type, info]) => [type, (SPECIFIC as Record<string, z.ZodMiniType>)[type] ?? BY_SUBJECT[info.subject]]),
) as { [T in EventType]: DataSchemas[T] };

/** The `data` an event of type `T` carries. */
export type EventData<T extends EventType> = z.infer<DataSchemas[T]>;

/** The zod schema of `type`'s data. */
export const eventDataSchema = (type: EventType): z.ZodMiniType => EVENT_DATA[type];
