/**
 * TrueFoundry's SDK wire format (`truefoundry/truefoundry-typescript-sdk`,
 * `src/serialization/types/*.ts`), written down as zod schemas from its facts:
 * field names, types, and which are required. Unknown keys are allowed (the SDK
 * passes them through); a missing required key or a wrong type is an error, as it
 * is when the SDK parses with validation on.
 */
import * as z from '../../shared/validation/zod.js';

/** The SDK's `date()`: an ISO 8601 string. */
const IsoDate = z.iso.datetime({ offset: true });
const opt = <T extends z.core.$ZodType>(schema: T) => z.optional(z.nullable(schema));

const Pagination = z.object({ total: z.number(), offset: opt(z.number()), limit: opt(z.number()) });
const listOf = <T extends z.core.$ZodType>(row: T) => z.object({ data: z.array(row), pagination: Pagination });

const SubjectType = z.enum(['user', 'team', 'serviceaccount', 'virtualaccount', 'external-identity', 'agent-identity', 'role']);
const Subject = z.object({
  subjectId: z.string(),
  subjectType: SubjectType,
  subjectSlug: opt(z.string()),
  subjectDisplayName: opt(z.string()),
});

const UserMetadata = z.object({
  displayName: opt(z.string()),
  inviteAccepted: opt(z.boolean()),
  registeredInIdp: opt(z.boolean()),
  ssoName: opt(z.string()),
  createdByScim: opt(z.boolean()),
  groups: opt(z.array(z.string())),
});

export const User = z.object({
  id: z.string(),
  email: z.string(),
  tenantName: z.string(),
  metadata: UserMetadata,
  roles: opt(z.array(z.string())),
  active: z.boolean(),
  isEditable: z.boolean(),
  createdAt: IsoDate,
  updatedAt: IsoDate,
  lastAccessedAt: opt(IsoDate),
});

const TeamManifest = z.object({
  type: z.literal('team'),
  name: z.string(),
  displayName: opt(z.string()),
  description: opt(z.string()),
  managers: opt(z.array(z.string())),
  members: z.array(z.string()),
});

const TeamMetadata = z.object({ createdByScim: opt(z.boolean()), scimExternalId: opt(z.string()) });

export const Team = z.object({
  id: z.string(),
  description: z.string(),
  tenantName: z.string(),
  accountId: z.string(),
  createdBySubject: Subject,
  members: opt(z.array(z.string())),
  createdAt: IsoDate,
  updatedAt: IsoDate,
  manifest: TeamManifest,
  metadata: opt(TeamMetadata),
  isEditable: z.boolean(),
  roles: opt(z.array(z.string())),
});

/** `TeamDto`, the list row: a Team plus optional counts and top members. */
const TeamDto = z.extend(Team, {
  topMembers: opt(z.array(z.string())),
  topManagers: opt(z.array(z.string())),
  totalMemberCount: opt(z.number()),
  totalManagerCount: opt(z.number()),
});

export const TeamSubjectRow = z.object({ subjectId: z.string(), subjectSlug: z.string(), subjectType: SubjectType });

const VirtualAccountManifest = z.object({
  name: z.string(),
  type: z.literal('virtual-account'),
  permissions: z.array(z.object({ resource_fqn: z.string(), resource_type: z.string(), role_id: z.string() })),
  expiration_date: opt(z.string()),
});

export const VirtualAccount = z.object({
  id: z.string(),
  type: z.string(),
  tenantName: z.string(),
  manifest: opt(VirtualAccountManifest),
  createdBySubject: Subject,
  createdAt: IsoDate,
  updatedAt: IsoDate,
  lastAccessedAt: opt(IsoDate),
  isExpired: opt(z.boolean()),
  accountId: z.string(),
});

/** `HttpError`, plus this service's one rule for `details`: each entry names what blocked (field or subject) and why. */
export const HttpError = z.object({
  statusCode: z.number(),
  message: z.string(),
  code: opt(z.union([z.number(), z.string()])),
  details: opt(
    z.array(
      z.record(z.string(), z.unknown()).check(
        z.refine((d) => typeof d.message === 'string' && d.message.length > 0, 'a detail says why in `message`'),
        z.refine((d) => typeof d.field === 'string' || typeof d.subject === 'string', 'a detail names a `field` or a `subject`'),
      ),
    ),
  ),
});

const Empty = z.object({});

/** The SDK's success response of each served route (by route-table name). */
export const SDK_RESPONSES: Readonly<Record<string, z.core.$ZodType>> = {
  'users.list': listOf(User),
  'users.register': Empty,
  'users.roles': Empty,
  'users.get': z.object({ data: User }),
  'users.delete': Empty,
  'users.invite': z.object({ link: z.string() }),
  'users.deactivate': Empty,
  'users.activate': Empty,
  'users.changePassword': Empty,
  'teams.listForUser': listOf(TeamDto),
  'teams.apply': z.object({ data: Team }),
  'teams.get': z.object({ data: Team }),
  'teams.members': listOf(TeamSubjectRow),
  'teams.managers': listOf(TeamSubjectRow),
  'teams.delete': Empty,
  'pats.list': listOf(VirtualAccount),
  'pats.create': z.object({ token: z.string() }),
  'pats.delete': Empty,
  'pats.revokeAll': Empty,
};
