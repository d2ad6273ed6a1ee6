/**
 * The single table's physical shape, declared once: the CDK stack, the local
 * stack and the test harness all create the table from this description, so a
 * GSI added here exists everywhere. See docs/data-model.md for what each serves.
 */

export const PRIMARY_KEY = { partitionKey: 'PK', sortKey: 'SK' } as const;

/**
 * Overloaded secondary indexes; the attribute names are generic on purpose. The
 * code names say what each holds; the physical names (`GSI1`..`GSI3`) stay, as a
 * live table cannot rename a GSI in place (docs/data-model.md).
 */
export const INDEXES = {
  /**
   * Lookups by a name or an owner (userName, team name, a PAT by id, a subject's role
   * bindings, a team's managers, audit by actor) and the sparse queues of due work
   * (pending outbox items, webhook deliveries due an attempt).
   */
  lookupsAndQueues: { name: 'GSI1', partitionKey: 'GSI1PK', sortKey: 'GSI1SK' },
  /** externalId lookups (users and teams) and reverse edges: a user's teams, and the audit events about a target written before GSI4. */
  externalIdsAndReverseEdges: { name: 'GSI2', partitionKey: 'GSI2PK', sortKey: 'GSI2SK' },
  /** Email lookups: a user's login email and its secondary email aliases. */
  byEmail: { name: 'GSI3', partitionKey: 'GSI3PK', sortKey: 'GSI3SK' },
  /** Audit events by target (a user's page), keys only: the events are the biggest items written on every change. */
  auditByTarget: { name: 'GSI4', partitionKey: 'GSI4PK', sortKey: 'GSI4SK', keysOnly: true },
} as const;

/** What an index copies of each item: `ALL` or `KEYS_ONLY` (the table's and the index's keys). */
export const projectionOf = (index: (typeof INDEXES)[keyof typeof INDEXES]): 'ALL' | 'KEYS_ONLY' => ('keysOnly' in index ? 'KEYS_ONLY' : 'ALL');

export type IndexName = (typeof INDEXES)[keyof typeof INDEXES]['name'];

/** Attribute that DynamoDB's TTL reads (epoch seconds). */
export const TTL_ATTRIBUTE = 'expiresAtEpoch';
