/**
 * The registry of error codes: every code a client can receive, with its HTTP
 * status, its default SCIM `scimType` and a default message. An error is built
 * only from a key of this table (see `app-error.ts`: each error class accepts
 * only the codes registered with its status), so a code cannot be spelled two
 * ways or answered with two statuses. Clients (the TrueFoundry SDK, the
 * console) branch on these codes: a code and its status never change once
 * shipped. `docs/api.md` lists every entry (a test compares the two).
 */

/** SCIM `scimType` values of RFC 7644 §3.12. */
export type ScimType =
  | 'invalidFilter'
  | 'tooMany'
  | 'uniqueness'
  | 'mutability'
  | 'invalidSyntax'
  | 'invalidPath'
  | 'noTarget'
  | 'invalidValue'
  | 'invalidVers'
  | 'sensitive'
  /** RFC 9865 (cursor pagination). */
  | 'invalidCursor'
  | 'expiredCursor';

export type ErrorStatus = 400 | 401 | 403 | 404 | 405 | 409 | 412 | 413 | 415 | 422 | 429 | 500 | 503;

export interface ErrorCodeSpec {
  readonly status: ErrorStatus;
  /** The scimType a SCIM answer carries unless the error sets its own. */
  readonly scimType?: ScimType;
  /** Used when the error is built without a message of its own. */
  readonly message: string;
  /** What the code means to a client, one line (docs/api.md). */
  readonly meaning: string;
}

export const ERROR_CODES = {
  'audit.invalid_cursor': {
    status: 400,
    message: 'Invalid cursor',
    meaning: 'before is not the nextBefore of an earlier page of the audit events about a user.',
  },
  'audit.invalid_range': { status: 400, message: 'Invalid time range', meaning: 'The audit query asks for a start after its end.' },
  'audit.range_too_large': { status: 400, message: 'Time range too large', meaning: 'The audit query spans more time than one request may read.' },

  'auth.admin_required': { status: 403, message: 'Tenant admins only', meaning: 'The route is for tenant admins and the caller is not one.' },
  'auth.invalid_token': { status: 401, message: 'Invalid credential', meaning: 'The bearer token is unknown, expired, revoked or not for this service.' },
  'auth.malformed': { status: 401, message: 'Malformed Authorization header', meaning: 'The Authorization header is not a bearer token.' },
  'auth.missing': { status: 401, message: 'No credential', meaning: 'The request carries no Authorization header.' },
  'auth.scim_required': { status: 403, message: 'A SCIM token is required', meaning: 'A SCIM route was called with a credential that is not a SCIM token.' },
  'auth.session_revoked': { status: 401, message: 'Session signed out', meaning: 'The ID token was issued before the user was signed out everywhere.' },
  'auth.user_deactivated': { status: 401, message: 'User deactivated', meaning: 'The credential belongs to a deactivated user.' },
  'auth.user_required': { status: 401, message: 'A user credential is required', meaning: 'The route needs a user (PAT or ID token), not a SCIM token.' },

  'collaborator.no_access': {
    status: 403,
    message: 'No role on this resource',
    meaning: 'Only tenant admins and collaborators of a resource may list its collaborators.',
  },
  'collaborator.subject_gone': { status: 404, message: 'Subject deleted', meaning: 'A user or team named in the grant was deleted while the grant was made.' },
  'collaborator.unknown_subjects': {
    status: 400,
    message: 'Unknown subjects',
    meaning: 'Some subjects of the request name no user or team of the tenant (listed in details).',
  },

  internal: { status: 500, message: 'Internal error', meaning: 'An unexpected fault; the message names the request id and hides the rest (the log has it).' },

  'invite.invalid_token': { status: 400, message: 'Invalid invite token', meaning: 'The invite token is malformed, forged or was replaced by a newer invite.' },
  'invite.name_already_set': {
    status: 409,
    message: 'Name already known',
    meaning: 'Accepting the invite sent a name, but the user already has one; an admin (or the person, signed in) changes it.',
  },
  'invite.name_owned_by_idp': {
    status: 403,
    message: 'Names come from the identity provider',
    meaning: 'Accepting the invite sent a name, but in this provisioning mode (SCIM, JIT) names are set by the identity provider.',
  },
  'invite.password_required': {
    status: 400,
    message: 'A password is required',
    meaning: 'Accepting the invite needs a password: the tenant has no SSO to sign in with.',
  },
  'invite.token_expired': { status: 400, message: 'Invite token expired', meaning: 'The invite token is past its expiry; the user asks for a new invite.' },
  'invite.token_in_use': {
    status: 409,
    message: 'Invite token being redeemed',
    meaning: 'Another request is redeeming the invite token; if it fails, the token works again shortly.',
  },
  'invite.token_used': { status: 400, message: 'Invite token already used', meaning: 'The invite token was already redeemed.' },
  'invite.user_deactivated': { status: 400, message: 'User deactivated', meaning: 'The invite belongs to a deactivated user.' },

  'link.not_usable': {
    status: 400,
    message: 'Link cannot be used',
    meaning:
      'The invite or reset link is malformed, forged, used, expired, replaced, ended by a later change of the user (a password set, a login-email change, a deactivation), of another organization or of a deactivated user (one answer for all).',
  },
  'link.origin_not_allowed': {
    status: 400,
    message: 'Link origin not allowed',
    meaning: 'An invite or reset link would point to an origin the tenant does not allow (its console, linkOrigins).',
  },

  'mail.duplicate': {
    status: 409,
    message: 'Mail already enqueued',
    meaning: 'A mail with this id is already in the outbox (internal; never answered to a client).',
  },

  'pat.admin_required': { status: 403, message: 'Tenant admins only', meaning: "Only tenant admins may manage other users' personal access tokens." },
  'pat.expiration_in_past': { status: 400, message: 'Expiration in the past', meaning: 'expirationDate lies in the past.' },
  'pat.expiration_too_far': { status: 400, message: 'Expiration too far', meaning: "expirationDate is beyond the tenant's maximum token lifetime." },
  'pat.invalid_expiration': { status: 400, message: 'Invalid expiration', meaning: 'expirationDate is not an ISO 8601 date-time.' },
  'pat.limit_reached': { status: 409, message: 'Too many tokens', meaning: 'The user holds the most personal access tokens allowed.' },
  'pat.name_taken': { status: 409, scimType: 'uniqueness', message: 'Token name taken', meaning: 'The user already has a live token with this name.' },
  'pat.not_found': { status: 404, message: 'Token not found', meaning: 'No personal access token with this id for this caller.' },

  'password_reset.invalid_token': {
    status: 400,
    message: 'Invalid reset token',
    meaning: 'The password reset token is malformed, forged or was replaced by a newer one.',
  },
  'password_reset.token_expired': { status: 400, message: 'Reset token expired', meaning: 'The password reset token is past its expiry.' },
  'password_reset.token_in_use': {
    status: 409,
    message: 'Reset token being redeemed',
    meaning: 'Another request is redeeming the reset token; if it fails, the token works again shortly.',
  },
  'password_reset.token_used': { status: 400, message: 'Reset token already used', meaning: 'The password reset token was already redeemed.' },

  'provisioning.jit_requires_sso': { status: 400, message: 'JIT needs SSO', meaning: 'Just-in-time provisioning needs an SSO provider on the tenant.' },
  'provisioning.sso_not_configured': { status: 400, message: 'SSO not configured', meaning: 'SSO enforcement needs an SSO provider on the tenant.' },

  'request.invalid': {
    status: 400,
    scimType: 'invalidValue',
    message: 'Invalid request',
    meaning: 'A parameter or body field fails validation (named in details).',
  },
  'request.invalid_if_match': { status: 400, message: 'Invalid If-Match', meaning: 'If-Match is not an entity tag this service issued.' },
  'request.invalid_page_token': {
    status: 400,
    scimType: 'invalidValue',
    message: 'Invalid page token',
    meaning: 'pageToken is not a token this list returned.',
  },
  'request.malformed_json': { status: 400, scimType: 'invalidSyntax', message: 'Malformed JSON', meaning: 'The body is not valid JSON.' },
  'request.throttled': {
    status: 429,
    message: 'Too many requests, retry later',
    meaning: 'The request was throttled or lost a race; nothing was written; retry after Retry-After.',
  },
  'request.too_deep': {
    status: 400,
    scimType: 'invalidSyntax',
    message: 'Body nested too deep',
    meaning: 'The JSON body nests deeper than the service reads.',
  },
  'request.too_large': { status: 413, message: 'Body too large', meaning: 'The body is larger than the service accepts.' },
  'request.unsupported_media_type': {
    status: 415,
    message: 'Unsupported media type',
    meaning: 'The body is neither application/json nor application/scim+json.',
  },

  'role_binding.not_found': { status: 404, message: 'Role binding not found', meaning: 'No such role binding in the tenant.' },
  'route.method_not_allowed': { status: 405, message: 'Method not allowed', meaning: 'The path exists but not with this method (Allow lists the methods).' },
  'route.not_found': { status: 404, message: 'Not found', meaning: 'No route has this method and path.' },

  'scim.bulk_too_many': { status: 413, message: 'Too many bulk operations', meaning: 'A Bulk request carries more operations than maxOperations.' },
  'scim.expired_cursor': { status: 400, scimType: 'expiredCursor', message: 'Cursor expired', meaning: 'The SCIM cursor has expired; start the list again.' },
  'scim.filter_not_allowed': { status: 403, message: 'No filter here', meaning: 'Discovery endpoints take no filter.' },
  'scim.invalid_cursor': { status: 400, scimType: 'invalidCursor', message: 'Invalid cursor', meaning: 'The SCIM cursor is not one this list returned.' },
  'scim.invalid_filter': {
    status: 400,
    scimType: 'invalidFilter',
    message: 'Invalid filter',
    meaning: 'The SCIM filter does not parse or names an unknown attribute.',
  },
  'scim.invalid_path': { status: 400, scimType: 'invalidPath', message: 'Invalid path', meaning: 'A PATCH path is malformed or names an unknown attribute.' },
  'scim.invalid_syntax': {
    status: 400,
    scimType: 'invalidSyntax',
    message: 'Invalid syntax',
    meaning: 'The SCIM request is not shaped as the protocol requires.',
  },
  'scim.invalid_value': {
    status: 400,
    scimType: 'invalidValue',
    message: 'Invalid value',
    meaning: 'An attribute value has the wrong type or is out of range.',
  },
  'scim.mutability': {
    status: 400,
    scimType: 'mutability',
    message: 'Attribute is read-only',
    meaning: 'The request changes an attribute that is read-only or immutable.',
  },
  'scim.no_target': { status: 400, scimType: 'noTarget', message: 'No target', meaning: 'A PATCH value filter matches nothing to change.' },
  'scim.not_enabled': { status: 403, message: 'SCIM not enabled', meaning: 'The tenant is not in SCIM provisioning mode.' },
  'scim.resource_too_large': { status: 413, message: 'Resource too large', meaning: 'The stored resource would exceed the size the service keeps.' },
  'scim.resource_type_not_found': { status: 404, message: 'No such resource type', meaning: 'Discovery: no resource type with this id.' },
  'scim.schema_not_found': { status: 404, message: 'No such schema', meaning: 'Discovery: no schema with this id.' },
  'scim.too_many': {
    status: 400,
    scimType: 'tooMany',
    message: 'Too many results',
    meaning: 'The request asks for more than the service does at once: PATCH operations, members in one answer, or membership edges a filter would read.',
  },
  'scim.version_mismatch': { status: 412, message: 'Version mismatch', meaning: 'If-Match does not match the resource version.' },

  'scim_token.not_found': { status: 404, message: 'SCIM token not found', meaning: 'No SCIM token with this id in the tenant.' },
  'scim_token.rotation_in_progress': {
    status: 409,
    message: 'SCIM tokens changed meanwhile',
    meaning: "Another admin changed the tenant's SCIM tokens at the same moment; reload and retry.",
  },

  'service.unavailable': {
    status: 503,
    message: 'Service temporarily unavailable, retry later',
    meaning: 'A dependency is unavailable; retry after Retry-After.',
  },

  'signin.account_conflict': {
    status: 403,
    message: 'Sign-in refused',
    meaning: 'Sign-in refused: the Cognito account belongs to another user of the tenant.',
  },
  'signin.account_taken': {
    status: 409,
    message: 'Sign-in account taken',
    meaning: 'The Cognito account is bound to another user (internal; becomes a refusal).',
  },
  'signin.already_linked': { status: 409, message: 'Already linked', meaning: 'The account is already linked to a single sign-on identity.' },
  'signin.code_rejected': {
    status: 400,
    message: 'Sign-in code rejected',
    meaning: 'The IdP refused the authorization code (used, expired or not for this sign-in).',
  },
  'signin.deactivated': { status: 403, message: 'Sign-in refused', meaning: 'Sign-in refused: the user is deactivated.' },
  'signin.email_unverified': { status: 403, message: 'Sign-in refused', meaning: 'Sign-in refused: the IdP does not vouch for the email.' },
  'signin.identity_conflict': { status: 403, message: 'Sign-in refused', meaning: 'Sign-in refused: the user is bound to another SSO identity.' },
  'signin.identity_race': {
    status: 409,
    message: 'Identity claimed concurrently',
    meaning: 'A concurrent sign-in bound the identity first (internal; retried, or refused as signin.identity_taken).',
  },
  'signin.identity_taken': { status: 403, message: 'Sign-in refused', meaning: 'Sign-in refused: the SSO identity is bound to another user.' },
  'signin.idp_error': { status: 403, message: 'The identity provider refused the sign-in', meaning: 'The IdP answered the callback with an error.' },
  'signin.invalid_id_token': { status: 400, message: 'Invalid ID token', meaning: 'The ID token of the IdP fails verification.' },
  'signin.invalid_link': {
    status: 400,
    message: 'Invalid link request',
    meaning: 'The SSO link request is invalid, expired, already used, or ended by a later change to its user.',
  },
  'signin.invalid_link_confirmation': {
    status: 400,
    message: 'Invalid link confirmation',
    meaning: 'The SSO link confirmation is invalid, expired, already used, ended by a later change to its user, or was not started by the caller.',
  },
  'signin.invalid_state': {
    status: 400,
    message: 'Invalid sign-in state',
    meaning: 'The sign-in state is missing, expired or spent; start the sign-in again.',
  },
  'signin.invite_pending': { status: 403, message: 'Sign-in refused', meaning: 'Sign-in refused: the user has not accepted their invite yet.' },
  'signin.link_needs_session': {
    status: 403,
    message: 'A signed-in session is required',
    meaning: 'Linking SSO needs an ID token, not a personal access token.',
  },
  'signin.link_not_allowed': { status: 403, message: 'Sign-in refused', meaning: 'Sign-in refused: the tenant links identities only explicitly.' },
  'signin.link_not_federated': {
    status: 400,
    message: 'Not a federated sign-in',
    meaning: 'The link was finished with a password sign-in, which links nothing.',
  },
  'signin.missing_code': { status: 400, message: 'Missing code', meaning: 'The callback carries neither a code nor an error.' },
  'signin.not_configured': { status: 404, message: 'Single sign-on is not set up', meaning: 'The tenant has no single sign-on to start or link.' },
  'signin.not_provisioned': {
    status: 403,
    message: 'Sign-in refused',
    meaning: 'Sign-in refused: no user of the tenant for this identity and the mode creates none.',
  },
  'signin.password_not_set': { status: 403, message: 'Sign-in refused', meaning: 'Sign-in refused: the user has no password yet.' },
  'signin.pool_not_mapped': {
    status: 500,
    message: 'User pool not connected to a tenant',
    meaning: 'A trigger ran for a user pool no tenant owns (a deployment error).',
  },
  'signin.refusal_recorded': {
    status: 409,
    message: 'Refusal already recorded',
    meaning: 'The refusal was already audited (internal; de-duplicates trigger retries).',
  },
  'signin.refused': { status: 403, message: 'Sign-in refused', meaning: 'Cognito refused the sign-in (it relays a trigger refusal).' },
  'signin.self_sign_up': { status: 403, message: 'Sign-in refused', meaning: 'Sign-in refused: self sign-up is not allowed.' },
  'signin.sso_required': {
    status: 403,
    message: 'Sign-in refused',
    meaning: 'Sign-in refused: the tenant enforces SSO and the user is not a break-glass account.',
  },

  'storage.corrupt_item': {
    status: 500,
    message: 'Internal error',
    meaning: 'A stored item does not have the shape its entity requires (a fault of the table; the log names the item and the field).',
  },

  'team.create_forbidden': { status: 403, message: 'Tenant admins only', meaning: 'Only tenant admins may create teams.' },
  'team.delete_forbidden': { status: 403, message: 'Tenant admins only', meaning: 'Only tenant admins may delete teams.' },
  'team.everyone_immutable': { status: 409, message: 'The everyone team is computed', meaning: 'The everyone team cannot be created, edited or deleted.' },
  'team.external_id_taken': { status: 409, scimType: 'uniqueness', message: 'externalId taken', meaning: 'Another group of the tenant has this externalId.' },
  'team.manager_required': { status: 403, message: 'Team managers only', meaning: 'Only tenant admins and managers of the team may change it.' },
  'team.membership_race': {
    status: 409,
    message: 'Membership changed meanwhile',
    meaning: 'A membership changed while the change was applied (internal; retried).',
  },
  'team.name_taken': { status: 409, scimType: 'uniqueness', message: 'Team name taken', meaning: 'Another team of the tenant has this name.' },
  'team.not_found': { status: 404, message: 'Team not found', meaning: 'No team with this id in the tenant.' },
  'team.scim_managed': { status: 409, message: 'Team managed through SCIM', meaning: 'The team is owned by the IdP through SCIM; change it there.' },
  'team.too_large_for_manifest': {
    status: 409,
    message: 'Team too large for a manifest',
    meaning: 'The team has more members than a manifest may name; manage it through SCIM.',
  },
  'team.version_mismatch': { status: 412, message: 'Team changed meanwhile', meaning: 'The team was modified by another request.' },

  'tenant.exists': { status: 409, message: 'Tenant exists', meaning: 'A tenant with this id already exists.' },
  'tenant.has_users': { status: 409, message: 'Tenant has users', meaning: 'Removing the tenant needs forceRemoval while it has users.' },
  'tenant.not_found': { status: 404, message: 'Tenant not found', meaning: 'No tenant with this id.' },
  'tenant.sign_in_client_invalid': { status: 422, message: 'Invalid sign-in client', meaning: 'The sign-in client of the tenant settings is malformed.' },
  'tenant.sign_in_client_taken': { status: 409, message: 'Sign-in client taken', meaning: 'The sign-in client already identifies another tenant.' },
  'tenant.sso_in_use': { status: 409, message: 'SSO in use', meaning: 'The SSO provider cannot be removed while JIT or SSO enforcement relies on it.' },
  'tenant.version_mismatch': {
    status: 412,
    message: 'Tenant settings changed meanwhile; read them again and retry',
    meaning: 'If-Match does not match the tenant settings version, or they changed during the write.',
  },

  'user.admin_email_locked': { status: 403, message: 'Admin email locked', meaning: "A SCIM client may not change a tenant admin's login email." },
  'user.change_password_self_only': { status: 403, message: 'Own password only', meaning: 'Users change only their own password.' },
  'user.cognito_account_taken': {
    status: 409,
    scimType: 'uniqueness',
    message: 'Sign-in account taken',
    meaning: 'The sign-in account belongs to another user of the tenant.',
  },
  'user.deactivated': { status: 400, message: 'User deactivated', meaning: 'The user is deactivated; reactivate them first.' },
  'user.delete_blocked': {
    status: 400,
    message: 'User still holds teams or roles',
    meaning: 'The user is in a team or holds a resource role (listed in details); forceDelete=true removes them.',
  },
  'user.email_taken': { status: 409, scimType: 'uniqueness', message: 'Email taken', meaning: 'Another user of the tenant has this email.' },
  'user.exists': { status: 409, message: 'User exists', meaning: 'A user with this email already exists in the tenant.' },
  'user.external_id_taken': { status: 409, scimType: 'uniqueness', message: 'externalId taken', meaning: 'Another user of the tenant has this externalId.' },
  'user.identity_bound_elsewhere': { status: 409, message: 'Identity bound to another user', meaning: "The user's SSO identity is bound to another user." },
  'user.invalid_email': {
    status: 400,
    scimType: 'invalidValue',
    message: 'Invalid email',
    meaning: 'The email holds characters no email may contain, or is empty.',
  },
  'user.invalid_user_name': {
    status: 400,
    scimType: 'invalidValue',
    message: 'Invalid userName',
    meaning: 'The userName holds characters no user name may contain, or is empty.',
  },
  'user.last_admin': { status: 409, message: 'Last active admin', meaning: 'The last active tenant admin cannot be demoted, deactivated or deleted.' },
  'user.no_password_sign_in': { status: 400, message: 'No password sign-in', meaning: 'The tenant has no password sign-in (no user pool or app client).' },
  'user.not_found': { status: 404, message: 'User not found', meaning: 'No user with this id or email in the tenant.' },
  'user.old_password_incorrect': { status: 400, message: 'Old password incorrect', meaning: 'The current password given is wrong.' },
  'user.password_policy': { status: 400, message: 'Password too weak', meaning: "The new password breaks the tenant's password policy." },
  'user.password_unchanged': { status: 400, message: 'Password unchanged', meaning: 'The new password equals the old one.' },
  'user.sso_only': { status: 400, message: 'SSO only', meaning: 'The user signs in through SSO and has no password to reset.' },
  'user.unknown_emails': {
    status: 400,
    scimType: 'invalidValue',
    message: 'Unknown emails',
    meaning: 'Some emails of a team manifest name no user of the tenant (listed in details).',
  },
  'user.username_taken': { status: 409, scimType: 'uniqueness', message: 'userName taken', meaning: 'Another user of the tenant has this userName.' },
  'user.version_mismatch': {
    status: 412,
    message: 'User changed meanwhile',
    meaning: 'If-Match does not match the user version, or the user changed during the write.',
  },

  'webhook.conflict': {
    status: 409,
    message: 'Endpoint changed meanwhile',
    meaning: 'The webhook endpoint was changed by a concurrent request; read it again and retry.',
  },
  'webhook.delivery_not_found': { status: 404, message: 'Delivery not found', meaning: 'No delivery with this id for this endpoint.' },
  'webhook.delivery_pending': {
    status: 409,
    message: 'Delivery still scheduled',
    meaning: 'A redelivery was asked while an attempt of the delivery is still scheduled.',
  },
  'webhook.invalid_event_types': { status: 400, message: 'Invalid event types', meaning: 'The event type list is empty, or `*` is not alone in it.' },
  'webhook.invalid_overlap': { status: 400, message: 'Invalid overlap', meaning: 'The secret rotation overlap is outside 0 to 604800 seconds.' },
  'webhook.invalid_url': {
    status: 400,
    message: 'URL refused',
    meaning: 'The endpoint URL is not https, carries credentials or a fragment, or names an address the service never calls (details say which).',
  },
  'webhook.not_found': { status: 404, message: 'Webhook endpoint not found', meaning: 'No webhook endpoint with this id in the tenant.' },
  'webhook.too_many_endpoints': { status: 409, message: 'Too many endpoints', meaning: 'The tenant already has the most webhook endpoints allowed (20).' },
  'webhook.unknown_event_type': { status: 400, message: 'Unknown event type', meaning: 'An event type of the request is not an event type of this service.' },
} as const satisfies Record<string, ErrorCodeSpec>;

export type ErrorCode = keyof typeof ERROR_CODES;

/** The codes registered with `status`: what an error class of that status accepts. */
export type ErrorCodeWithStatus<S extends ErrorStatus> = {
  [C in ErrorCode]: (typeof ERROR_CODES)[C]['status'] extends S ? C : never;
}[ErrorCode];

/** The 409 codes whose scimType is `uniqueness`. */
export type UniquenessCode = {
  [C in ErrorCode]: (typeof ERROR_CODES)[C] extends { scimType: 'uniqueness' } ? C : never;
}[ErrorCode];
