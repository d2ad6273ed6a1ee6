/**
 * Key builders for every entity of the single table. Keys are the only place
 * where entity layout is spelled out; repositories never concatenate strings.
 * Names are lower-cased where the domain compares case-insensitively. A user's
 * identity strings (userName, emails) arrive here already folded by the domain's
 * one rule (`identityKey` in shared/users/identity-string.ts): these builders take
 * that key as is.
 */

const tenant = (tenantId: string) => `T#${tenantId}`;

/** DynamoDB refuses a longer partition key value in a write and in a read alike, so nothing is ever stored under one. */
export const MAX_PARTITION_KEY_BYTES = 2048;
export const fitsPartitionKey = (value: string): boolean => Buffer.byteLength(value, 'utf8') <= MAX_PARTITION_KEY_BYTES;

export const keys = {
  tenant: (tenantId: string) => ({ PK: tenant(tenantId), SK: 'TENANT' }),
  /** Maps a Cognito user pool id to its tenant (triggers only know the pool). */
  userPool: (userPoolId: string) => ({ PK: `POOL#${userPoolId}`, SK: 'POOL' }),
  counterShard: (tenantId: string, counter: string, shard: number) => ({
    PK: `${tenant(tenantId)}#COUNTERS`,
    SK: `${counter}#${shard}`,
  }),
  counterPartition: (tenantId: string) => `${tenant(tenantId)}#COUNTERS`,

  user: (tenantId: string, userId: string) => ({ PK: tenant(tenantId), SK: `U#${userId}` }),
  userPrefix: 'U#',
  tenantPartition: tenant,
  /** A user's own item collection: PATs and other per-user records. */
  userCollection: (tenantId: string, userId: string) => `${tenant(tenantId)}#U#${userId}`,

  /** `userNameKey`: the userName's identity key. */
  uniqueUserName: (tenantId: string, userNameKey: string) => ({
    PK: `${tenant(tenantId)}#UNAME#${userNameKey}`,
    SK: 'UNIQUE',
  }),
  /** `emailKey`: the login email's identity key. */
  uniqueEmail: (tenantId: string, emailKey: string) => ({
    PK: `${tenant(tenantId)}#EMAIL#${emailKey}`,
    SK: 'UNIQUE',
  }),
  uniqueUserExternalId: (tenantId: string, externalId: string) => ({
    PK: `${tenant(tenantId)}#UEXT#${externalId}`,
    SK: 'UNIQUE',
  }),
  uniqueTeamName: (tenantId: string, name: string) => ({
    PK: `${tenant(tenantId)}#GNAME#${name.toLowerCase()}`,
    SK: 'UNIQUE',
  }),
  uniqueTeamExternalId: (tenantId: string, externalId: string) => ({
    PK: `${tenant(tenantId)}#GEXT#${externalId}`,
    SK: 'UNIQUE',
  }),

  gsiUserName: (tenantId: string, userNameKey: string) => `${tenant(tenantId)}#UN#${userNameKey}`,
  gsiUserExternalId: (tenantId: string, externalId: string) => `${tenant(tenantId)}#UX#${externalId}`,
  gsiEmail: (tenantId: string, emailKey: string) => `${tenant(tenantId)}#EM#${emailKey}`,
  emailAlias: (tenantId: string, userId: string, emailKey: string) => ({
    PK: `${tenant(tenantId)}#U#${userId}`,
    SK: `EMAIL#${emailKey}`,
  }),

  team: (tenantId: string, teamId: string) => ({ PK: tenant(tenantId), SK: `G#${teamId}` }),
  teamPrefix: 'G#',
  gsiTeamName: (tenantId: string, name: string) => `${tenant(tenantId)}#GN#${name.toLowerCase()}`,
  gsiTeamExternalId: (tenantId: string, externalId: string) => `${tenant(tenantId)}#GX#${externalId}`,
  membership: (tenantId: string, teamId: string, userId: string) => ({
    PK: `${tenant(tenantId)}#G#${teamId}`,
    SK: `M#${userId}`,
  }),
  teamMembers: (tenantId: string, teamId: string) => `${tenant(tenantId)}#G#${teamId}`,
  membershipPrefix: 'M#',
  /** Reverse edge (GSI2): the teams a user belongs to. */
  gsiMemberOf: (tenantId: string, userId: string) => `${tenant(tenantId)}#U#${userId}#TEAMS`,

  roleBinding: (tenantId: string, resourceType: string, resourceId: string, subjectType: string, subjectId: string) => ({
    PK: `${tenant(tenantId)}#R#${resourceType}#${resourceId}`,
    SK: `S#${subjectType}#${subjectId}`,
  }),
  resourceBindings: (tenantId: string, resourceType: string, resourceId: string) => `${tenant(tenantId)}#R#${resourceType}#${resourceId}`,
  /** GSI1: the role bindings a subject (user or team) holds. */
  gsiSubjectBindings: (tenantId: string, subjectType: string, subjectId: string) => `${tenant(tenantId)}#S#${subjectType}#${subjectId}#ROLES`,

  /** Every hashed secret (PAT, SCIM token, invite, reset) is found by its hash in one GetItem. */
  secret: (hash: string) => ({ PK: `SECRET#${hash}`, SK: 'SECRET' }),
  pat: (tenantId: string, userId: string, tokenId: string) => ({
    PK: `${tenant(tenantId)}#U#${userId}`,
    SK: `PAT#${tokenId}`,
  }),
  patPrefix: 'PAT#',
  /** Per-user uniqueness of PAT names. */
  uniquePatName: (tenantId: string, userId: string, name: string) => ({
    PK: `${tenant(tenantId)}#U#${userId}`,
    SK: `PATNAME#${name}`,
  }),
  scimToken: (tenantId: string, tokenId: string) => ({ PK: tenant(tenantId), SK: `SCIMTOKEN#${tokenId}` }),
  scimTokenPrefix: 'SCIMTOKEN#',
  /** The version of a tenant's set of SCIM tokens; under the tokens' prefix, so the Query that lists them reads it too. */
  scimTokenSet: (tenantId: string) => ({ PK: tenant(tenantId), SK: 'SCIMTOKEN#SET' }),

  invite: (tenantId: string, userId: string) => ({ PK: `${tenant(tenantId)}#U#${userId}`, SK: 'INVITE' }),

  /**
   * Audit events are bucketed by UTC month (`yyyy-mm`). The writes of any moment
   * land on the current bucket whatever its length, so a day bucket is no cooler;
   * a month makes the default 30-day listing one or two Queries instead of 31.
   */
  auditMonth: (tenantId: string, month: string) => `${tenant(tenantId)}#AUDIT#${month}`,
  /** The events about one target (a user's page lists what happened to them): GSI4, and GSI2 on items written before GSI4 existed. */
  gsiAuditTarget: (tenantId: string, targetType: string, targetId: string) => `${tenant(tenantId)}#AUDIT#TARGET#${targetType}#${targetId}`,

  outbox: (mailId: string) => ({ PK: `OUTBOX#${mailId}`, SK: 'MAIL' }),
  idempotency: (scope: string, key: string) => ({ PK: `IDEMP#${scope}#${key}`, SK: 'IDEMP' }),

  // --- User lifecycle ---
  /** The one non-sharded counter of active admins; the last-admin guard is a condition on it. */
  activeAdmins: (tenantId: string) => ({ PK: tenant(tenantId), SK: 'ADMINS' }),
  /** A pending password reset of a user, in the user's collection. */
  passwordReset: (tenantId: string, userId: string, resetId: string) => ({
    PK: `${tenant(tenantId)}#U#${userId}`,
    SK: `RESET#${resetId}`,
  }),
  passwordResetPrefix: 'RESET#',
  /** Identity-sync outbox item: a Cognito change the stream applies until Cognito accepts it. */
  identitySync: (syncId: string) => ({ PK: `IDSYNC#${syncId}`, SK: 'SYNC' }),
  /**
   * Any outbox item (shared/outbox) by its kind. Mail and identity sync keep the keys
   * they were first written under; a new kind gets a partition prefix of its own, never
   * one that starts with another kind's, since each stream consumer filters on it.
   */
  outboxItem: (kind: string, id: string): { PK: string; SK: string } => {
    if (kind === 'mail') return keys.outbox(id);
    if (kind === 'identitySync') return keys.identitySync(id);
    return { PK: `OUTBOXITEM#${kind}#${id}`, SK: 'ITEM' };
  },
  /**
   * Sparse GSI1 keys on an outbox item while it is pending (removed once handled),
   * sorted by when the sweeper may take it: one Query finds what is due, of every kind.
   */
  gsiOutboxDue: 'OUTBOX#DUE',
  /**
   * The pending partitions items were written to before the outbox had one (sorted by
   * `createdAt#id`): still swept until the last such item is handled.
   */
  gsiLegacyPending: { mail: 'OUTBOX#PENDING', identitySync: 'IDSYNC#PENDING' } as Record<string, string>,

  // --- Teams, role bindings and personal access tokens ---
  /** Sparse GSI1 key on manager edges only: a team's managers are one Query whatever its size. */
  gsiTeamManagers: (tenantId: string, teamId: string) => `${tenant(tenantId)}#G#${teamId}#MANAGERS`,
  /** GSI1 key of a PAT's metadata item: an admin revokes a token by id without knowing its owner. */
  gsiPatId: (tenantId: string, tokenId: string) => `${tenant(tenantId)}#PAT#${tokenId}`,

  // --- Sign-in (shared/signin) ---
  /** Maps an IdP identity (`<Provider>_<subject>`, case-sensitive as IdPs issue it) to the user it signs in as. */
  federatedIdentity: (tenantId: string, federatedId: string) => ({ PK: `${tenant(tenantId)}#FED#${federatedId}`, SK: 'UNIQUE' }),
  /**
   * Binds a Cognito account of the tenant's pool (its username, which Cognito never lets anyone change;
   * case-insensitive as the pools are) to the one user it signs in as. Written with the user's
   * `cognitoUsername`, so no attribute a person can rewrite decides whose account it is.
   */
  cognitoAccount: (tenantId: string, cognitoUsername: string) => ({ PK: `${tenant(tenantId)}#COGNITO#${cognitoUsername.toLowerCase()}`, SK: 'UNIQUE' }),
  /** A pending browser sign-in (OAuth state), by the SHA-256 of the state value; single use, TTL-expired. */
  signInState: (stateHash: string) => ({ PK: `SIGNIN#${stateHash}`, SK: 'STATE' }),
  signInLink: (ticketHash: string) => ({ PK: `SIGNIN#${ticketHash}`, SK: 'LINK' }),
  /** A verified identity waiting for the user who asked for the link to confirm it (shared/signin/explicit-link.ts). */
  signInLinkConfirmation: (codeHash: string) => ({ PK: `SIGNIN#${codeHash}`, SK: 'LINK_CONFIRMATION' }),

  // --- Page bookmarks (shared/storage/page-bookmarks.ts) ---
  /**
   * Where page `position` (0-based) of an ordered listing starts: the DynamoDB key to continue
   * from. A partition of their own, outside `T#t`, so the only write a listing route may make
   * is granted on this prefix alone.
   */
  pageBookmark: (tenantId: string, listing: string, position: number) => ({
    PK: `PAGES#${tenant(tenantId)}`,
    SK: `${listing}#${position}`,
  }),

  // --- Direct sign-in clients (shared/tenants/sign-in-client-binding.ts) ---
  /**
   * The tenant whose browser sign-in client is `clientId` at an OIDC issuer other than its own
   * user pool: the API finds the tenant of such an ID token by its `iss` and `aud`. The issuer is
   * an arbitrary URL, so the key holds its SHA-256 (`issuerDigest`, base64url), never the URL.
   */
  signInClient: (issuerDigest: string, clientId: string) => ({ PK: `SIGNINCLIENT#${issuerDigest}`, SK: `CLIENT#${clientId}` }),

  // --- Webhooks (shared/webhooks) ---
  /** A tenant's webhook endpoint, in the tenant partition: the tenant's endpoints are one Query. */
  webhookEndpoint: (tenantId: string, endpointId: string) => ({ PK: tenant(tenantId), SK: `WEBHOOK#${endpointId}` }),
  webhookEndpointPrefix: 'WEBHOOK#',
  /** How many endpoints the tenant has: the cap is a condition on it. */
  webhookEndpointCount: (tenantId: string) => ({ PK: tenant(tenantId), SK: 'WEBHOOKS' }),
  /** One event's delivery to one endpoint; ids sort by the event's time, so a Query lists the newest first. */
  webhookDelivery: (tenantId: string, endpointId: string, deliveryId: string) => ({
    PK: `${tenant(tenantId)}#WEBHOOK#${endpointId}`,
    SK: `DELIVERY#${deliveryId}`,
  }),
  webhookDeliveries: (tenantId: string, endpointId: string) => `${tenant(tenantId)}#WEBHOOK#${endpointId}`,
  webhookDeliveryPrefix: 'DELIVERY#',
  /** Sparse GSI1 key on deliveries waiting for an attempt, sorted by when it is due: the retry sweeper's Query. */
  gsiWebhookDue: 'WEBHOOK#DUE',

  // --- Provisioning health (shared/health) ---
  /**
   * The tenant's health items: the SCIM hour counters, the recent SCIM errors and the sign-in
   * summary. A partition of their own, outside `T#t`, so the one write a SCIM read makes
   * (its count) is granted on this prefix alone.
   */
  healthPartition: (tenantId: string) => `HEALTH#${tenant(tenantId)}`,
  /** SCIM requests and errors of one UTC hour (`hour`: `yyyy-mm-ddThh`); the sort key orders hours in time. */
  scimHealthHour: (tenantId: string, hour: string) => ({ PK: `HEALTH#${tenant(tenantId)}`, SK: `SCIM#HOUR#${hour}` }),
  /** One SCIM error (status, scimType, detail, method and path); `at#requestId#n` orders errors in time. */
  scimHealthError: (tenantId: string, at: string, requestAndIndex: string) => ({ PK: `HEALTH#${tenant(tenantId)}`, SK: `SCIM#ERROR#${at}#${requestAndIndex}` }),
  scimHealthErrorPrefix: 'SCIM#ERROR#',
  /** The last successful single sign-on and the last refused sign-in of the tenant. */
  signInHealth: (tenantId: string) => ({ PK: `HEALTH#${tenant(tenantId)}`, SK: 'SIGNIN' }),

  // --- Secondary index keys: the attributes an item carries to be found on an index (INDEXES) ---
  userNameIndexKeys: (tenantId: string, userNameKey: string) => ({ GSI1PK: keys.gsiUserName(tenantId, userNameKey), GSI1SK: 'USER' }),
  userExternalIdIndexKeys: (tenantId: string, externalId: string) => ({ GSI2PK: keys.gsiUserExternalId(tenantId, externalId), GSI2SK: 'USER' }),
  /** On the user item (its login email) and on its alias items (its other emails). */
  emailIndexKeys: (tenantId: string, emailKey: string, userId: string) => ({ GSI3PK: keys.gsiEmail(tenantId, emailKey), GSI3SK: `U#${userId}` }),
  teamNameIndexKeys: (tenantId: string, name: string) => ({ GSI1PK: keys.gsiTeamName(tenantId, name), GSI1SK: 'TEAM' }),
  teamExternalIdIndexKeys: (tenantId: string, externalId: string) => ({ GSI2PK: keys.gsiTeamExternalId(tenantId, externalId), GSI2SK: 'TEAM' }),
  /** The reverse membership edge: on every edge, so a user's teams are one Query. */
  memberOfIndexKeys: (tenantId: string, userId: string, teamId: string) => ({ GSI2PK: keys.gsiMemberOf(tenantId, userId), GSI2SK: `G#${teamId}` }),
  /** On manager edges only. */
  teamManagerIndexKeys: (tenantId: string, teamId: string, userId: string) => ({ GSI1PK: keys.gsiTeamManagers(tenantId, teamId), GSI1SK: `M#${userId}` }),
  subjectBindingIndexKeys: (tenantId: string, subjectType: string, subjectId: string, resourceType: string, resourceId: string) => ({
    GSI1PK: keys.gsiSubjectBindings(tenantId, subjectType, subjectId),
    GSI1SK: `R#${resourceType}#${resourceId}`,
  }),
  patIdIndexKeys: (tenantId: string, tokenId: string) => ({ GSI1PK: keys.gsiPatId(tenantId, tokenId), GSI1SK: 'PAT' }),
  /** An audit event by its target (GSI4, keys only), sorted like the monthly listing. */
  auditIndexKeys: (tenantId: string, target: { type: string; id: string }, sortKey: string) => ({
    GSI4PK: keys.gsiAuditTarget(tenantId, target.type, target.id),
    GSI4SK: sortKey,
  }),
  /** While an outbox item is pending. */
  outboxDueIndexKeys: (dueAt: string, kind: string, id: string) => ({ GSI1PK: keys.gsiOutboxDue, GSI1SK: `${dueAt}#${kind}#${id}` }),
  /** While a webhook delivery waits for an attempt. */
  webhookDueIndexKeys: (dueAt: string, tenantId: string, endpointId: string, deliveryId: string) => ({
    GSI1PK: keys.gsiWebhookDue,
    GSI1SK: `${dueAt}#${tenantId}#${endpointId}#${deliveryId}`,
  }),
} as const;

export type ItemKey = { PK: string; SK: string };
