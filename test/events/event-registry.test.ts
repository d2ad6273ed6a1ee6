/**
 * The event registry is the one list of audit actions: the server writes only
 * its names, the console offers all of them, the committed JSON Schemas and
 * catalogue are the generated ones, and no type's data can carry a secret.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { auditItem } from '../../shared/audit/audit-event.js';
import { domainEventFromAuditItem } from '../../shared/events/domain-event.js';
import { readAuditItem } from '../../shared/events/audit-item-shape.js';
import { patState, teamState, tenantState, userState } from '../../shared/events/event-state.js';
import { EVENT_SCHEMA_DIR, EVENTS_MARKDOWN_FILE, eventJsonSchema, eventSchemaFiles, eventsMarkdown } from '../../shared/events/event-schemas.js';
import { EVENT_TYPE_NAMES } from '../../shared/events/event-types.js';
import type { User } from '../../shared/users/user.js';

const root = path.resolve(import.meta.dirname, '../..');

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? sourceFiles(full) : full.endsWith('.ts') ? [full] : [];
  });
}

const user: User = {
  tenantId: 't1',
  id: 'u1',
  userName: 'ada@example.com',
  email: 'ada@example.com',
  emails: [{ value: 'ada@example.com', primary: true }],
  active: true,
  role: 'tenant-member',
  source: 'jit',
  inviteAccepted: true,
  hasPassword: false,
  ssoName: 'Okta',
  cognitoUsername: 'okta_secret-subject',
  federatedId: 'Okta_secret-subject',
  scim: { 'urn:x': { password: 'hunter2' } },
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  version: 3,
};

describe('event registry', () => {
  it('names every action the server audits (no literal outside the registry)', () => {
    const written = new Set<string>();
    for (const file of [...sourceFiles(path.join(root, 'shared')), ...sourceFiles(path.join(root, 'functions'))]) {
      const text = fs.readFileSync(file, 'utf8');
      for (const m of text.matchAll(/action: (?:[^'\n]*\? )?'([a-z_]+\.[a-z_]+)'(?: : '([a-z_]+\.[a-z_]+)')?/g)) {
        written.add(m[1]!);
        if (m[2]) written.add(m[2]);
      }
    }
    expect(written.size).toBeGreaterThan(20);
    for (const action of written) expect(EVENT_TYPE_NAMES, action).toContain(action);
    expect(written).not.toContain('user.reactivated');
  });

  it('commits the generated JSON Schemas and catalogue (npm run events:schema)', () => {
    const committed = fs.readdirSync(EVENT_SCHEMA_DIR).sort();
    const generated = eventSchemaFiles();
    expect(committed).toEqual([...generated.keys()].sort());
    for (const [name, text] of generated) expect(fs.readFileSync(path.join(EVENT_SCHEMA_DIR, name), 'utf8'), name).toBe(text);
    const markdown = fs.readFileSync(EVENTS_MARKDOWN_FILE, 'utf8');
    expect(markdown).toBe(eventsMarkdown(markdown));
    for (const type of EVENT_TYPE_NAMES) expect(markdown).toContain(`| \`${type}\` |`);
  });

  it('gives no type a data property that could hold a secret, and closes every object', () => {
    const secretName = /^hash|secret|^password|token$|cognito|federated|last4/i;
    const walk = (schema: unknown, where: string): void => {
      if (!schema || typeof schema !== 'object') return;
      const s = schema as Record<string, unknown>;
      if (s.type === 'object' && s.properties) {
        expect(s.additionalProperties, where).toBe(false);
        for (const [name, sub] of Object.entries(s.properties as Record<string, unknown>)) {
          // A property that is itself an object (a token's id and prefix) is checked by its own properties.
          if ((sub as { type?: unknown }).type !== 'object') expect(name, `${where}.${name}`).not.toMatch(secretName);
          walk(sub, `${where}.${name}`);
        }
      }
      for (const key of ['items', 'anyOf', 'oneOf']) {
        const sub = s[key];
        if (Array.isArray(sub)) sub.forEach((x, i) => walk(x, `${where}.${key}[${i}]`));
        else walk(sub, `${where}.${key}`);
      }
    };
    for (const type of EVENT_TYPE_NAMES) {
      const data = (eventJsonSchema(type).properties as Record<string, unknown>).data;
      expect(data, type).toBeDefined();
      walk(data, `${type}.data`);
    }
  });

  it('builds subject states without the stored secrets', () => {
    // Whole stored items, as a caller passes them: the builders must drop what they do not name.
    const storedTeam = { tenantId: 't1', id: 'g1', name: 'eng', source: 'api' as const, memberCount: 2, createdAt: 'x', updatedAt: 'x', version: 2 };
    const storedPat = { id: 'p1', tenantId: 't1', userId: 'u1', name: 'ci', displayPrefix: 'tfy_ab', last4: 'wxyz', hash: 'HASHVALUE', createdAt: 'x' };
    const states = [
      userState(user),
      teamState(storedTeam),
      patState(storedPat, false),
      tenantState({
        id: 't1',
        displayName: 'T',
        mode: 'jit',
        sso: { providerName: 'Okta', clientSecretArn: 'arn:secret' } as never,
        ssoEnforced: false,
        breakGlassEmails: ['boss@example.com'],
        attributeMapping: { email: 'email', name: 'name' },
        patMaxLifetimeDays: 90,
        createdAt: 'x',
        updatedAt: 'x',
        version: 1,
      } as never),
    ];
    const text = JSON.stringify(states);
    for (const secret of ['secret-subject', 'hunter2', 'HASHVALUE', 'wxyz', 'arn:secret', 'boss@example.com']) expect(text).not.toContain(secret);
  });
});

describe('domainEventFromAuditItem', () => {
  it('builds the event from the audit item alone, its id the audit id and its sequence the version after', () => {
    const item = auditItem({
      tenantId: 't1',
      actor: { type: 'scim', id: 'scim-token:1', slug: 'SCIM client' },
      action: 'user.deactivated',
      target: { type: 'user', id: 'u1', slug: 'ada@example.com' },
      data: { user: userState({ ...user, active: false }) },
      sequence: 4,
    });
    const stored = readAuditItem(item);
    expect(domainEventFromAuditItem(item)).toEqual({
      id: stored.id,
      type: 'user.deactivated',
      schemaVersion: 1,
      tenantId: 't1',
      occurredAt: stored.at,
      actor: { type: 'scim', id: 'scim-token:1', slug: 'SCIM client' },
      source: 'scim',
      subject: { type: 'user', id: 'u1', slug: 'ada@example.com' },
      sequence: 4,
      data: { user: userState({ ...user, active: false }) },
    });
  });

  it('refuses to write a versioned subject without its sequence', () => {
    expect(() =>
      auditItem({
        tenantId: 't1',
        actor: { type: 'system', id: 's' },
        action: 'user.updated',
        target: { type: 'user', id: 'u1' },
        data: { user: userState(user) },
      }),
    ).toThrow(/sequence/);
  });

  it('upgrades a renamed action and skips items written before events (no data) or not audit items', () => {
    const old = {
      PK: 'x',
      SK: 'y',
      entity: 'audit',
      id: 'a1',
      tenantId: 't1',
      at: '2026-01-01T00:00:00.000Z',
      actor: { type: 'scim', id: 'scim-token:1' },
      action: 'user.reactivated',
      target: { type: 'user', id: 'u1' },
    };
    expect(domainEventFromAuditItem(old)).toBeUndefined();
    const withData = { ...old, data: { user: userState(user) }, sequence: 7 };
    expect(domainEventFromAuditItem(withData)).toMatchObject({ type: 'user.activated', source: 'scim', sequence: 7 });
    expect(domainEventFromAuditItem({ ...withData, entity: 'user' })).toBeUndefined();
    expect(domainEventFromAuditItem({ ...withData, action: 'user.teleported' })).toBeUndefined();
  });

  it('makes a refused sign-in the identity’s event, never the user’s (no shared sequence space)', () => {
    const item = auditItem({
      tenantId: 't1',
      actor: { type: 'sign-in', id: 'Okta_abc', slug: 'ada@example.com' },
      action: 'sign_in.refused',
      target: { type: 'user', id: 'u1' },
      data: { reason: 'deactivated', trigger: 'PreAuthentication_Authentication', userId: 'u1' },
    });
    const event = domainEventFromAuditItem(item)!;
    expect(event.subject).toEqual({ type: 'identity', id: 'Okta_abc', slug: 'ada@example.com' });
    expect(event.sequence).toBe(Date.parse(String(readAuditItem(item).at)));
    expect(event.source).toBe('sign_in');
  });
});
