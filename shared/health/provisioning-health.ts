/**
 * The Provisioning page's health view of a tenant, read without a scan: one Query
 * for the window's hour items, one for the latest errors, one GetItem for the
 * sign-in summary, and the users and SCIM groups totals from their sharded
 * counters (the same Queries SCIM's totalResults reads). A tenant with no health
 * items yet (one from before they were kept, or with no SCIM traffic) reads as
 * zeros and no errors.
 */
import * as z from '../validation/zod.js';
import { keys } from '../storage/keys.js';
import type { Table } from '../storage/table.js';
import { TeamRepository } from '../teams/team-repository.js';
import type { Tenant } from '../tenants/tenant.js';
import { UserRepository } from '../users/user-repository.js';
import { windowHours } from './health-window.js';
import { readSignInHealth, SignInEntrySchema } from './sign-in-health.js';

/** Errors the page lists, newest first. */
export const RECENT_ERRORS = 10;

const ScimErrorSchema = z.object({
  at: z.string(),
  status: z.int(),
  scimType: z.optional(z.string()),
  detail: z.string(),
  method: z.string(),
  path: z.string(),
  bulkId: z.optional(z.string()),
  requestId: z.string(),
});

const HourSchema = z.object({
  /** The hour's start (UTC). */
  hour: z.string(),
  requests: z.int(),
  errors: z.int(),
});

export const ProvisioningHealthResponse = z.object({
  scim: z.object({
    enabled: z.boolean().check(z.describe("Whether the tenant's provisioning mode is SCIM")),
    lastRequestAt: z.optional(z.string()).check(z.describe('The last SCIM request counted in the window')),
    users: z.int().check(z.describe("Users the SCIM client sees (the Users endpoint's totalResults)")),
    groups: z.int().check(z.describe("SCIM groups (the Groups endpoint's totalResults)")),
    hours: z.array(HourSchema).check(z.describe('Requests and errors per UTC hour over the last 7 days, oldest first, every hour present')),
    totals: z.object({ requests: z.int(), errors: z.int() }),
    recentErrors: z.array(ScimErrorSchema).check(z.describe('The latest errors of the window, newest first')),
  }),
  sso: z.object({
    configured: z.boolean(),
    provider: z.optional(
      z.object({
        name: z.string(),
        type: z.enum(['oidc', 'saml']),
        issuer: z.optional(z.string().check(z.describe("OIDC: the issuer; SAML: the IdP's entityID when the metadata is inline"))),
        metadataUrl: z.optional(z.string()),
      }),
    ),
    lastSsoSignIn: z.optional(SignInEntrySchema),
    lastRefusedSignIn: z.optional(SignInEntrySchema),
  }),
});
export type ProvisioningHealth = z.infer<typeof ProvisioningHealthResponse>;

const HourItemSchema = z.object({
  hour: z.string(),
  requests: z.optional(z.number()),
  creates: z.optional(z.number()),
  errors: z.optional(z.number()),
  lastRequestAt: z.optional(z.string()),
  lastCreateAt: z.optional(z.string()),
});

export async function readProvisioningHealth(table: Table, tenant: Tenant, now = new Date()): Promise<ProvisioningHealth> {
  const hours = windowHours(now);
  const partition = keys.healthPartition(tenant.id);
  const windowStart = `${hours[0]!}:00:00.000Z`;
  const [hourItems, errorItems, signIns, users, teams] = await Promise.all([
    table.queryAll<Record<string, unknown>>({
      KeyConditionExpression: 'PK = :pk AND SK BETWEEN :from AND :to',
      ExpressionAttributeValues: {
        ':pk': partition,
        ':from': keys.scimHealthHour(tenant.id, hours[0]!).SK,
        ':to': keys.scimHealthHour(tenant.id, hours[hours.length - 1]!).SK,
      },
    }),
    table.query<Record<string, unknown>>({
      KeyConditionExpression: 'PK = :pk AND SK BETWEEN :from AND :to',
      ExpressionAttributeValues: { ':pk': partition, ':from': `${keys.scimHealthErrorPrefix}${windowStart}`, ':to': `${keys.scimHealthErrorPrefix}~` },
      ScanIndexForward: false,
      Limit: RECENT_ERRORS,
    }),
    readSignInHealth(table, tenant.id),
    new UserRepository(table).counts(tenant.id),
    new TeamRepository(table).count(tenant.id),
  ]);

  const byHour = new Map<string, z.infer<typeof HourItemSchema>>();
  for (const item of hourItems) {
    const parsed = z.safeParse(HourItemSchema, item);
    if (parsed.success) byHour.set(parsed.data.hour, parsed.data);
  }
  let lastRequestAt: string | undefined;
  const series = hours.map((hour) => {
    const item = byHour.get(hour);
    for (const at of [item?.lastRequestAt, item?.lastCreateAt]) if (at && (!lastRequestAt || at > lastRequestAt)) lastRequestAt = at;
    return { hour: `${hour}:00:00.000Z`, requests: (item?.requests ?? 0) + (item?.creates ?? 0), errors: item?.errors ?? 0 };
  });
  const recentErrors = errorItems.items.flatMap((item) => {
    const parsed = z.safeParse(ScimErrorSchema, item);
    return parsed.success ? [parsed.data] : [];
  });

  return {
    scim: {
      enabled: tenant.mode === 'scim',
      ...(lastRequestAt ? { lastRequestAt } : {}),
      users: users.total,
      groups: teams.scim,
      hours: series,
      totals: { requests: series.reduce((n, h) => n + h.requests, 0), errors: series.reduce((n, h) => n + h.errors, 0) },
      recentErrors,
    },
    sso: { configured: Boolean(tenant.sso), ...providerOf(tenant), ...withoutUndefined(signIns) },
  };
}

function providerOf(tenant: Tenant): Pick<ProvisioningHealth['sso'], 'provider'> {
  const sso = tenant.sso;
  if (!sso) return {};
  if (sso.type === 'oidc') return { provider: { name: sso.providerName, type: 'oidc', issuer: sso.issuer } };
  const entityId = sso.metadataDocument ? /entityID\s*=\s*"([^"]+)"/.exec(sso.metadataDocument)?.[1] : undefined;
  return {
    provider: { name: sso.providerName, type: 'saml', ...(entityId ? { issuer: entityId } : {}), ...(sso.metadataUrl ? { metadataUrl: sso.metadataUrl } : {}) },
  };
}

const withoutUndefined = <T extends object>(value: T): T => Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
