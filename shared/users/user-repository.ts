/**
 * Storage of users: the user item, its uniqueness markers (userName, login email,
 * externalId) and its secondary-email aliases, kept consistent in one transaction.
 *
 * Lookups the IdPs make are one Query on a GSI (userName, externalId, email);
 * uniqueness is enforced by the markers' `attribute_not_exists` conditions, never
 * by a read before the write. userName and emails are keyed by their identity key
 * (./identity-string.ts); items stored before that rule are still found and still
 * block duplicates through their old keys.
 *
 * When the userName and the login email are the same string (what Entra, Okta and
 * invites send), one marker holds both claims: the userName marker with
 * `holdsEmail`. The login email k is taken when the email marker of k exists or the
 * userName marker of k holds it, so a write that claims an email alone also checks
 * the userName marker of that string. Users written with two markers keep them;
 * every change releases what exists (a delete of an absent marker is a no-op) and
 * moves the email claim to a marker of its own when the two values part.
 */
import { fitsPartitionKey, keys, type ItemKey } from '../storage/keys.js';
import { INDEXES } from '../storage/table-definition.js';
import type { Item, Table } from '../storage/table.js';
import type { Transaction } from '../storage/transaction.js';
import { addToCounter, readCounter } from '../storage/counters.js';
import { PreconditionFailedError, UniquenessError } from '../errors/app-error.js';
import { linkGenerationOf, USER_SOURCES, type User } from './user.js';
import { parseStoredItem } from '../storage/stored-item.js';
import * as z from '../validation/zod.js';
import { identityKey, legacyIdentityKeys, storedIdentityKey } from './identity-string.js';
import { patGenerationOf } from '../tokens/personal-access-tokens.js';

/** A write lost the optimistic-locking race: the stored version is not the one read. */
export class UserVersionConflictError extends PreconditionFailedError {
  constructor(userId: string) {
    super('user.version_mismatch', `User ${userId} was modified by another request; its version no longer matches`);
  }
}

const ENTITY = 'user';

export function userItem(user: User): Item & ItemKey {
  const item: Item & ItemKey = {
    ...keys.user(user.tenantId, user.id),
    entity: ENTITY,
    ...user,
    ...keys.userNameIndexKeys(user.tenantId, storedIdentityKey(user.userName)),
  };
  if (user.externalId) Object.assign(item, keys.userExternalIdIndexKeys(user.tenantId, user.externalId));
  if (user.email) Object.assign(item, keys.emailIndexKeys(user.tenantId, storedIdentityKey(user.email), user.id));
  return item;
}

/** What every stored user has; the optional attributes are kept as stored. */
const StoredUserSchema = z.looseObject({
  tenantId: z.string(),
  id: z.string(),
  userName: z.string(),
  emails: z.array(z.looseObject({ value: z.string() })),
  active: z.boolean(),
  role: z.enum(['tenant-admin', 'tenant-member']),
  source: z.enum(USER_SOURCES),
  inviteAccepted: z.boolean(),
  hasPassword: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
  patGeneration: z.optional(z.int().check(z.nonnegative())),
  linkGeneration: z.optional(z.int().check(z.nonnegative())),
  version: z.number(),
});

export function userFromItem(item: Item): User {
  return parseStoredItem(StoredUserSchema, item, 'user');
}

/** The keys of the emails other than the login email, de-duplicated: each gets an alias item. */
function aliasEmails(user: User): string[] {
  const login = user.email === undefined ? undefined : storedIdentityKey(user.email);
  return [...new Set(user.emails.map((e) => storedIdentityKey(e.value)))].filter((e) => e !== login);
}

/**
 * Whether a change ends every link mailed until now (invites, resets): the
 * sessions were revoked (a deactivation), the login email moved (the links went
 * to the old address, whoever reads it now), or the invite was accepted some
 * other way than a link (a first SSO sign-in), after which no link may give the
 * account a password it never asked for. Setting a password through a link or
 * changing it advances the generation itself (./record-password-set.ts).
 */
const endsMailedLinks = (before: User, next: User): boolean =>
  next.sessionsRevokedAt !== before.sessionsRevokedAt ||
  storedIdentityKey(before.email ?? '') !== storedIdentityKey(next.email ?? '') ||
  (!before.inviteAccepted && next.inviteAccepted);

/**
 * The forms a userName or email may be stored under (./identity-string.ts), each
 * only where DynamoDB could hold it as the partition key `keyOf` builds: a
 * decomposed form can be three times longer than the value, and a Query naming
 * a key over the limit is refused, not answered empty.
 */
const storedForms = (value: string, keyOf: (form: string) => string): string[] =>
  [identityKey(value), ...legacyIdentityKeys(value)].filter((form) => fitsPartitionKey(keyOf(form)));

const userNameTaken = (userName: string) => () => new UniquenessError('user.username_taken', `userName "${userName}" is already in use in this tenant`);
const emailTaken = (email: string) => () => new UniquenessError('user.email_taken', `A user with email "${email}" already exists in this tenant`);
const externalIdTaken = (externalId: string) => () =>
  new UniquenessError('user.external_id_taken', `externalId "${externalId}" is already in use in this tenant`);
const cognitoAccountTaken = (cognitoUsername: string) => () =>
  new UniquenessError('user.cognito_account_taken', `The sign-in account "${cognitoUsername}" belongs to another user of this tenant`);

const sameAccount = (a: string | undefined, b: string | undefined) => (a ?? '').toLowerCase() === (b ?? '').toLowerCase();

type MarkerSelection = { userName: boolean; email: boolean; externalId: boolean; cognitoAccount: boolean };

/** Whether the user's userName and login email are one identity string (one marker can hold both). */
const sameIdentity = (user: User) => user.email !== undefined && storedIdentityKey(user.userName) === storedIdentityKey(user.email);

export class UserRepository {
  constructor(private readonly table: Table) {}

  async get(tenantId: string, userId: string): Promise<User | undefined> {
    const item = await this.table.get(keys.user(tenantId, userId));
    return item ? userFromItem(item) : undefined;
  }

  async getMany(tenantId: string, userIds: readonly string[]): Promise<User[]> {
    const items = await this.table.batchGet(userIds.map((id) => keys.user(tenantId, id)));
    return items.map(userFromItem);
  }

  /**
   * One GSI Query by the identity key (one more per old key the raw value may have
   * been stored under, only for values that are not already normal).
   */
  async findByUserName(tenantId: string, userName: string): Promise<User | undefined> {
    for (const key of storedForms(userName, (form) => keys.gsiUserName(tenantId, form))) {
      const user = await this.findOneOnIndex(INDEXES.lookupsAndQueues.name, 'GSI1PK', keys.gsiUserName(tenantId, key));
      if (user) return user;
    }
    return undefined;
  }

  async findByExternalId(tenantId: string, externalId: string): Promise<User | undefined> {
    return this.findOneOnIndex(INDEXES.externalIdsAndReverseEdges.name, 'GSI2PK', keys.gsiUserExternalId(tenantId, externalId));
  }

  /**
   * Users having this email as login email or as any secondary email. One Query in the
   * common case; a second (BatchGet) only when a secondary-email alias matches.
   */
  async findByAnyEmail(tenantId: string, email: string): Promise<User[]> {
    const pages = await Promise.all(
      storedForms(email, (form) => keys.gsiEmail(tenantId, form)).map((key) =>
        this.table.query({
          IndexName: INDEXES.byEmail.name,
          KeyConditionExpression: 'GSI3PK = :pk',
          ExpressionAttributeValues: { ':pk': keys.gsiEmail(tenantId, key) },
        }),
      ),
    );
    const items = pages.flatMap((p) => p.items);
    const users = items.filter((i) => i.entity === ENTITY).map(userFromItem);
    const aliasOwners = [...new Set(items.filter((i) => i.entity === 'emailAlias').map((i) => i.userId as string))].filter(
      (id) => !users.some((u) => u.id === id),
    );
    if (aliasOwners.length) users.push(...(await this.getMany(tenantId, aliasOwners)));
    return users;
  }

  /** The user whose login email this is (compared by identity key). */
  async findByLoginEmail(tenantId: string, email: string): Promise<User | undefined> {
    const key = identityKey(email);
    return (await this.findByAnyEmail(tenantId, email)).find((u) => u.email !== undefined && identityKey(u.email) === key);
  }

  /** One page of the tenant's users in id order. */
  async listPage(tenantId: string, limit: number, startKey?: Record<string, unknown>) {
    const page = await this.table.query({
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
      ExpressionAttributeValues: { ':pk': keys.tenantPartition(tenantId), ':prefix': keys.userPrefix },
      Limit: limit,
      ExclusiveStartKey: startKey,
    });
    return { users: page.items.map(userFromItem), lastKey: page.lastKey };
  }

  /** Exact totals from the sharded counter: `total` users and `active` ones. */
  async counts(tenantId: string): Promise<{ total: number; active: number }> {
    const c = await readCounter(this.table, tenantId, 'users');
    return { total: c.total ?? 0, active: c.active ?? 0 };
  }

  /** Adds the creation of a user, its markers, aliases and counters to a transaction. */
  create(tx: Transaction, user: User): void {
    tx.create(userItem(user), userNameTaken(user.userName));
    this.putMarkers(tx, user, { userName: true, email: true, externalId: true, cognitoAccount: true });
    for (const alias of aliasEmails(user)) this.putAlias(tx, user, alias);
    addToCounter(tx, user.tenantId, 'users', { total: 1, active: user.active ? 1 : 0 });
  }

  /**
   * Adds the replacement of `before` by `after` to a transaction, guarded by the
   * version read. Markers and aliases move with the values they index; a
   * deactivation stamps `sessionsRevokedAt`.
   */
  update(tx: Transaction, before: User, after: User): void {
    const next: User = { ...after, version: before.version + 1 };
    // Whichever path deactivates (admin API, SCIM), sessions issued until now stay revoked for good.
    if (before.active && !after.active) next.sessionsRevokedAt = after.updatedAt ?? new Date().toISOString();
    // Every PAT issued until this commit stops, including one whose clock read later than the stamp.
    if (next.sessionsRevokedAt !== before.sessionsRevokedAt) next.patGeneration = patGenerationOf(before) + 1;
    if (endsMailedLinks(before, next)) next.linkGeneration = Math.max(linkGenerationOf(next), linkGenerationOf(before) + 1);
    tx.put(userItem(next), {
      condition: 'attribute_exists(PK) AND #v = :v',
      names: { '#v': 'version' },
      values: { ':v': before.version },
      onConditionFailed: () => new UserVersionConflictError(before.id),
    });
    const changed = {
      userName: storedIdentityKey(before.userName) !== storedIdentityKey(next.userName),
      email: storedIdentityKey(before.email ?? '') !== storedIdentityKey(next.email ?? ''),
      externalId: before.externalId !== next.externalId,
      cognitoAccount: !sameAccount(before.cognitoUsername, next.cognitoUsername),
    };
    this.deleteMarkers(tx, before, changed);
    if (sameIdentity(before) && changed.email && !changed.userName) {
      // The email parts from the userName: the userName marker (if it held the email) lets it go.
      tx.update(keys.uniqueUserName(before.tenantId, storedIdentityKey(before.userName)), 'REMOVE holdsEmail', {
        condition: 'attribute_exists(PK) AND userId = :me',
        values: { ':me': before.id },
        onConditionFailed: () => new UserVersionConflictError(before.id),
      });
    }
    if (sameIdentity(before) && changed.userName && !changed.email) {
      // The userName marker goes, and with it the email's claim if it held it: the email keeps a marker of its own.
      tx.put(
        { ...keys.uniqueEmail(before.tenantId, storedIdentityKey(before.email!)), entity: 'unique', userId: before.id },
        { condition: 'attribute_not_exists(PK) OR userId = :me', values: { ':me': before.id }, onConditionFailed: emailTaken(before.email!) },
      );
    }
    this.putMarkers(tx, next, changed);
    const beforeAliases = new Set(aliasEmails(before));
    const afterAliases = new Set(aliasEmails(next));
    for (const alias of beforeAliases) if (!afterAliases.has(alias)) tx.delete(keys.emailAlias(before.tenantId, before.id, alias));
    for (const alias of afterAliases) if (!beforeAliases.has(alias)) this.putAlias(tx, next, alias);
    if (before.active !== next.active) addToCounter(tx, before.tenantId, 'users', { active: next.active ? 1 : -1 });
  }

  /** Adds the removal of a user with its markers, aliases and counters to a transaction. */
  delete(tx: Transaction, user: User): void {
    tx.delete(keys.user(user.tenantId, user.id), {
      condition: 'attribute_exists(PK) AND #v = :v',
      names: { '#v': 'version' },
      values: { ':v': user.version },
      onConditionFailed: () => new UserVersionConflictError(user.id),
    });
    this.deleteMarkers(tx, user, { userName: true, email: true, externalId: true, cognitoAccount: true });
    for (const alias of aliasEmails(user)) tx.delete(keys.emailAlias(user.tenantId, user.id, alias));
    // The sign-in identity marker goes with its user, or the same IdP subject could never be provisioned again cleanly.
    if (user.federatedId) tx.delete(keys.federatedIdentity(user.tenantId, user.federatedId));
    addToCounter(tx, user.tenantId, 'users', { total: -1, active: user.active ? -1 : 0 });
  }

  /**
   * Markers of the new values, each created on condition that it does not exist. A
   * value that has another form an older item may have been keyed under (NFD) also
   * checks that no marker of someone else sits there.
   */
  private putMarkers(tx: Transaction, user: User, which: MarkerSelection) {
    const marker = { entity: 'unique', userId: user.id };
    const notSomeoneElses = (key: ItemKey, error: () => UniquenessError) => {
      // The old marker this change deletes is the user's own; and none was ever stored under a key DynamoDB refuses
      // (a decomposed form can be three times longer than the value).
      if (tx.writes(key) || !fitsPartitionKey(key.PK)) return;
      tx.check(key, { condition: 'attribute_not_exists(PK) OR userId = :me', values: { ':me': user.id }, onConditionFailed: error });
    };
    const shared = which.userName && which.email && sameIdentity(user);
    if (which.userName) {
      const userNameMarker = { ...keys.uniqueUserName(user.tenantId, storedIdentityKey(user.userName)), ...marker };
      tx.create(shared ? { ...userNameMarker, holdsEmail: true } : userNameMarker, userNameTaken(user.userName));
      for (const old of legacyIdentityKeys(user.userName)) notSomeoneElses(keys.uniqueUserName(user.tenantId, old), userNameTaken(user.userName));
    }
    if (which.email && user.email) {
      const emailKey = storedIdentityKey(user.email);
      if (shared) {
        // The userName marker just created holds the email; no one may hold it by an email marker.
        notSomeoneElses(keys.uniqueEmail(user.tenantId, emailKey), emailTaken(user.email));
      } else {
        tx.create({ ...keys.uniqueEmail(user.tenantId, emailKey), ...marker }, emailTaken(user.email));
        const userNameMarker = keys.uniqueUserName(user.tenantId, emailKey);
        // Someone whose userName is this string may hold the email by their userName marker.
        if (!tx.writes(userNameMarker)) {
          tx.check(userNameMarker, {
            condition: 'attribute_not_exists(holdsEmail) OR userId = :me',
            values: { ':me': user.id },
            onConditionFailed: emailTaken(user.email),
          });
        }
      }
      for (const old of legacyIdentityKeys(user.email)) notSomeoneElses(keys.uniqueEmail(user.tenantId, old), emailTaken(user.email));
    }
    if (which.externalId && user.externalId) {
      tx.create({ ...keys.uniqueUserExternalId(user.tenantId, user.externalId), ...marker }, externalIdTaken(user.externalId));
    }
    if (which.cognitoAccount && user.cognitoUsername) {
      // The user's own claim, made before their first password was set (password-sign-in.ts), is theirs to keep.
      tx.put(
        { ...keys.cognitoAccount(user.tenantId, user.cognitoUsername), ...marker },
        { condition: 'attribute_not_exists(PK) OR userId = :me', values: { ':me': user.id }, onConditionFailed: cognitoAccountTaken(user.cognitoUsername) },
      );
    }
  }

  private deleteMarkers(tx: Transaction, user: User, which: MarkerSelection) {
    if (which.userName) tx.delete(keys.uniqueUserName(user.tenantId, storedIdentityKey(user.userName)));
    if (which.email && user.email) tx.delete(keys.uniqueEmail(user.tenantId, storedIdentityKey(user.email)));
    if (which.externalId && user.externalId) tx.delete(keys.uniqueUserExternalId(user.tenantId, user.externalId));
    if (which.cognitoAccount && user.cognitoUsername) tx.delete(keys.cognitoAccount(user.tenantId, user.cognitoUsername));
  }

  private putAlias(tx: Transaction, user: User, emailKey: string) {
    tx.put({
      ...keys.emailAlias(user.tenantId, user.id, emailKey),
      entity: 'emailAlias',
      userId: user.id,
      ...keys.emailIndexKeys(user.tenantId, emailKey, user.id),
    });
  }

  private async findOneOnIndex(indexName: string, attribute: string, value: string): Promise<User | undefined> {
    const page = await this.table.query({
      IndexName: indexName,
      KeyConditionExpression: `${attribute} = :v`,
      ExpressionAttributeValues: { ':v': value },
    });
    const item = page.items.find((i) => i.entity === ENTITY);
    return item ? userFromItem(item) : undefined;
  }
}
