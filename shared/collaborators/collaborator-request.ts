/**
 * Request shapes of `/collaborators`. One request changes at most
 * {@link MAX_COLLABORATORS_PER_REQUEST} subjects so that it is one transaction:
 * all of it happens, or none of it.
 */
import * as z from '../validation/zod.js';
import { ResourceId, ResourceRoleSchema, ResourceType } from './role-binding.js';
import { parseSubject, SubjectSchema, type SubjectName } from './subject-ref.js';

/** Each subject is a binding write plus an existence check; one audit item rides along. */
export const MAX_COLLABORATORS_PER_REQUEST = 40;

// zod still runs this when an item failed its own checks, so an unparsable subject must not throw here.
const noDuplicateSubjects = (list: ReadonlyArray<{ subject: string }>) =>
  new Set(list.map((c) => subjectKey(parseSubject(c.subject), c.subject))).size === list.length;

const subjectKey = (s: SubjectName | undefined, raw: string) => (s ? `${s.type}:${s.name.toLowerCase()}` : raw);

const collaboratorList = <T extends z.ZodMiniType<{ subject: string }>>(item: T) =>
  z
    .array(item)
    .check(
      z.minLength(1, 'collaborators must name at least one subject'),
      z.maxLength(MAX_COLLABORATORS_PER_REQUEST, `at most ${MAX_COLLABORATORS_PER_REQUEST} collaborators per request`),
      z.refine(noDuplicateSubjects, 'each subject may appear only once'),
    );

export const GrantCollaboratorsBody = z.strictObject({
  resourceType: ResourceType,
  resourceId: ResourceId,
  collaborators: collaboratorList(z.strictObject({ subject: SubjectSchema, role: ResourceRoleSchema })),
});
export type GrantCollaboratorsBody = z.infer<typeof GrantCollaboratorsBody>;

export const RevokeCollaboratorsBody = z.strictObject({
  resourceType: ResourceType,
  resourceId: ResourceId,
  collaborators: collaboratorList(z.strictObject({ subject: SubjectSchema })),
});
export type RevokeCollaboratorsBody = z.infer<typeof RevokeCollaboratorsBody>;

export const CollaboratorViewSchema = z.object({
  subject: z.string(),
  subjectType: z.enum(['user', 'team']),
  subjectId: z.string(),
  subjectSlug: z.optional(z.string()),
  subjectDisplayName: z.optional(z.string()),
  role: ResourceRoleSchema,
  createdAt: z.string(),
});
export type CollaboratorView = z.infer<typeof CollaboratorViewSchema>;
