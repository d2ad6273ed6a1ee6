/**
 * The schemas this server implements: core User (RFC 7643 §4.1), the enterprise
 * extension (§4.3) and Group (§4.2), plus the common attributes (§3.1) that every
 * resource carries but no schema lists.
 */
import { attr, complex, multiValuedParts, str, type AttributeDef, type SchemaDef } from './attribute.js';

export const USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User';
export const ENTERPRISE_USER_SCHEMA = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
export const GROUP_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:Group';
export const LIST_RESPONSE_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';
export const PATCH_OP_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
export const SEARCH_REQUEST_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:SearchRequest';
export const BULK_REQUEST_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:BulkRequest';
export const BULK_RESPONSE_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:BulkResponse';

/** `id`, `externalId` and `meta`: on every resource, outside every schema. */
export const COMMON_ATTRIBUTES: readonly AttributeDef[] = [
  str('id', 'Unique identifier of the resource, assigned by the service provider.', {
    caseExact: true,
    mutability: 'readOnly',
    returned: 'always',
    uniqueness: 'server',
  }),
  str('externalId', 'Identifier of the resource as defined by the provisioning client.', { caseExact: true }),
  complex(
    'meta',
    'Resource metadata.',
    [
      str('resourceType', 'Name of the resource type.', { mutability: 'readOnly', caseExact: true }),
      attr('created', 'dateTime', 'When the resource was added to the service provider.', { mutability: 'readOnly' }),
      attr('lastModified', 'dateTime', 'When the resource was last changed.', { mutability: 'readOnly' }),
      attr('location', 'reference', 'URI of the resource.', { mutability: 'readOnly', caseExact: true, referenceTypes: ['uri'] }),
      str('version', 'Version (ETag) of the resource.', { mutability: 'readOnly', caseExact: true }),
    ],
    { mutability: 'readOnly' },
  ),
];

const EMAIL_TYPES = ['work', 'home', 'other'];
const ro = { mutability: 'readOnly' } as const;

const userAttributes: AttributeDef[] = [
  str('userName', 'Unique identifier for the user, used to sign in; unique per tenant, compared case-insensitively.', {
    required: true,
    uniqueness: 'server',
  }),
  complex('name', "The components of the user's name.", [
    str('formatted', 'The full name, formatted for display.'),
    str('familyName', 'The family name.'),
    str('givenName', 'The given name.'),
    str('middleName', 'The middle name(s).'),
    str('honorificPrefix', 'The honorific prefix(es).'),
    str('honorificSuffix', 'The honorific suffix(es).'),
  ]),
  str('displayName', 'The name of the user, suitable for display.'),
  str('nickName', 'The casual way to address the user.'),
  attr('profileUrl', 'reference', "A URI of the user's online profile.", { referenceTypes: ['external'] }),
  str('title', 'The user\'s title, such as "Vice President".'),
  str('userType', 'The relationship between the organisation and the user.'),
  str('preferredLanguage', "The user's preferred written or spoken language (RFC 7231 language tag)."),
  str('locale', "The user's default location for localisation."),
  str('timezone', "The user's time zone (IANA name)."),
  attr('active', 'boolean', 'Whether the user may sign in. false deactivates the user; the user is still returned.'),
  str('password', 'Accepted on write and discarded: users provisioned by SCIM sign in through SSO. Never returned.', {
    mutability: 'writeOnly',
    returned: 'never',
  }),
  complex(
    'emails',
    'Email addresses; the primary (else work, else first) one is the login email.',
    multiValuedParts(
      "The email address. The login email (the primary value, else the work one, else the first) is unique per tenant, compared case-insensitively: another user's login email is a 409 uniqueness.",
      EMAIL_TYPES,
      { uniqueness: 'server' },
    ),
    { multiValued: true },
  ),
  complex('phoneNumbers', 'Phone numbers.', multiValuedParts('The phone number.', ['work', 'home', 'mobile', 'fax', 'pager', 'other']), {
    multiValued: true,
  }),
  complex('ims', 'Instant messaging addresses.', multiValuedParts('The address.', ['aim', 'gtalk', 'icq', 'xmpp', 'msn', 'skype', 'qq', 'yahoo']), {
    multiValued: true,
  }),
  complex('photos', 'URLs of photos of the user.', multiValuedParts('URL of a photo.', ['photo', 'thumbnail']), { multiValued: true }),
  complex(
    'addresses',
    'Physical mailing addresses.',
    [
      str('formatted', 'The full address, formatted for display.'),
      str('streetAddress', 'The street address.'),
      str('locality', 'The city or locality.'),
      str('region', 'The state or region.'),
      str('postalCode', 'The postal code.'),
      str('country', 'The country (ISO 3166-1 alpha-2).'),
      str('type', 'A label indicating the function of the address.', { canonicalValues: ['work', 'home', 'other'] }),
      attr('primary', 'boolean', 'Whether this is the preferred address; at most one is primary.'),
    ],
    { multiValued: true },
  ),
  complex(
    'groups',
    'The groups (teams) the user belongs to; read-only, derived from group membership. Returned only when requested (attributes=groups).',
    [
      str('value', 'The id of the group.', { ...ro, caseExact: true }),
      attr('$ref', 'reference', 'The URI of the group.', { ...ro, caseExact: true, referenceTypes: ['Group'] }),
      str('display', 'The displayName of the group.', ro),
      str('type', 'How the membership is held.', { ...ro, canonicalValues: ['direct'] }),
    ],
    // RFC 7643 §2.4 lets the service provider choose `returned`; reading a user's groups costs two more reads
    // on every User answer, and no IdP reads them there (Entra, Okta and OneLogin read /Groups).
    { multiValued: true, ...ro, returned: 'request' },
  ),
  complex('entitlements', 'Entitlements of the user.', multiValuedParts('The entitlement.', []), { multiValued: true }),
  complex('roles', 'Roles of the user (kept as sent; tenant roles are managed in the admin API).', multiValuedParts('The role.', []), {
    multiValued: true,
  }),
  complex('x509Certificates', 'X.509 certificates of the user.', multiValuedParts('The DER certificate, base64.', []), {
    multiValued: true,
  }),
];

export const USER_SCHEMA_DEF: SchemaDef = { id: USER_SCHEMA, name: 'User', description: 'User Account', attributes: userAttributes };

export const ENTERPRISE_USER_SCHEMA_DEF: SchemaDef = {
  id: ENTERPRISE_USER_SCHEMA,
  name: 'EnterpriseUser',
  description: 'Enterprise User',
  attributes: [
    str('employeeNumber', 'Identifier of the user in the organisation.'),
    str('costCenter', 'Name of a cost center.'),
    str('organization', 'Name of an organisation.'),
    str('division', 'Name of a division.'),
    str('department', 'Name of a department.'),
    complex('manager', "The user's manager: another user of the tenant, by id.", [
      str('value', "The id of the manager's User resource.", { caseExact: true }),
      attr('$ref', 'reference', "The URI of the manager's User resource.", { caseExact: true, referenceTypes: ['User'] }),
      str('displayName', "The manager's displayName.", ro),
    ]),
  ],
};

export const GROUP_SCHEMA_DEF: SchemaDef = {
  id: GROUP_SCHEMA,
  name: 'Group',
  description: 'Group (a team of the tenant)',
  attributes: [
    str('displayName', 'The group name as the IdP sends it (at most 256 characters); the team name is derived from it (docs/scim.md).', {
      required: true,
      uniqueness: 'server',
    }),
    complex(
      'members',
      'Members of the group: users of the same tenant.',
      [
        str('value', 'The id of the member User.', { caseExact: true, mutability: 'immutable' }),
        attr('$ref', 'reference', 'The URI of the member.', { caseExact: true, mutability: 'immutable', referenceTypes: ['User'] }),
        str('display', "The member's displayName.", ro),
        str('type', 'The member\'s resource type; only "User" is supported.', { mutability: 'immutable', canonicalValues: ['User'] }),
      ],
      { multiValued: true },
    ),
  ],
};
