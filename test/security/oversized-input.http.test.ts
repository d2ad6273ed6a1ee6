/**
 * Input built to hurt, over HTTP through the gateway (so transport limits are
 * real): oversized bodies, deep nesting, huge arrays, unicode and control
 * characters in names and emails, and filters built to explode. Each gets a
 * specific 4xx and nothing is stored; how long each took is recorded for
 * docs/reliability.md, never asserted.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UserRepository } from '../../shared/users/user-repository.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { rememberSecret } from '../support/secret-ledger.js';
import { createTestTenant, type TestTenant } from '../support/tenants.js';
import { figures } from '../reliability/figures.js';

/** Generous: DynamoDB Local on a shared CI machine, not the service, sets the pace. */
const TEST_TIMEOUT_MS = 60_000;

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const SCIM_ERROR = 'urn:ietf:params:scim:api:messages:2.0:Error';

let gateway: TestGateway;
let tenant: TestTenant;
let userId: string;
let groupId: string;

beforeAll(async () => {
  gateway = await startTestGateway();
  tenant = await createTestTenant({ prefix: 'sech' });
  rememberSecret(tenant.adminToken, tenant.scimToken!);
  userId = (await scim('POST', '/Users', JSON.stringify({ schemas: [USER], userName: 'hostile-target' }))).body.id;
  groupId = (await scim('POST', '/Groups', JSON.stringify({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], displayName: 'hostile-group' }))).body.id;
});
afterAll(async () => {
  await gateway?.close();
  figures.flush('hostile-input');
});

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- bodies are checked by assertions
async function scim(method: string, path: string, body?: string): Promise<{ status: number; body: any; ms: number }> {
  const started = performance.now();
  const res = await gateway.request(`/scim/v2/${tenant.tenantId}${path}`, {
    method,
    token: tenant.scimToken!,
    headers: body === undefined ? {} : { 'content-type': 'application/scim+json' },
    body,
  });
  const text = await res.text();
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = text;
  }
  return { status: res.status, body: parsed, ms: Math.round(performance.now() - started) };
}

const filterQuery = (filter: string) => `/Users?filter=${encodeURIComponent(filter)}`;

describe('oversized and deeply nested bodies', () => {
  it(
    'answers 413 in the SCIM envelope above 1 MiB, and the gateway’s 413 above 2 MiB, storing nothing',
    async () => {
      const padding = 'x'.repeat(1_100_000);
      const kit = await scim('POST', '/Users', JSON.stringify({ schemas: [USER], userName: 'too-big', displayName: padding }));
      expect(kit.status).toBe(413);
      expect(kit.body).toMatchObject({ schemas: [SCIM_ERROR], status: '413' });
      const transport = await scim('POST', '/Users', JSON.stringify({ schemas: [USER], userName: 'too-big', displayName: 'x'.repeat(3_000_000) }));
      expect(transport.status).toBe(413);
      expect(await new UserRepository(tenant.table).findByUserName(tenant.tenantId, 'too-big')).toBeUndefined();
      figures.record('hostile-input', '1.1 MB body (kit limit)', { status: kit.status, ms: kit.ms });
      figures.record('hostile-input', '3 MB body (gateway limit)', { status: transport.status, ms: transport.ms });
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'answers 400 invalidSyntax for JSON nested 100,000 deep, and for broken JSON',
    async () => {
      const deep = await scim('POST', '/Users', `${'['.repeat(100_000)}${']'.repeat(100_000)}`);
      expect(deep.status).toBe(400);
      expect(deep.body).toMatchObject({ status: '400', scimType: 'invalidSyntax' });
      const objects = await scim('PATCH', `/Users/${userId}`, `${'{"a":'.repeat(5_000)}1${'}'.repeat(5_000)}`);
      expect(objects.status).toBe(400);
      const broken = await scim('POST', '/Users', '{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":');
      expect(broken.body).toMatchObject({ status: '400', scimType: 'invalidSyntax' });
      figures.record('hostile-input', 'JSON nested 100k deep', { status: deep.status, ms: deep.ms });
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'refuses huge arrays: 1,001 PATCH operations, 50,000 members, 10,000 emails',
    async () => {
      const ops = Array.from({ length: 1001 }, () => ({ op: 'replace', path: 'displayName', value: 'x' }));
      const tooMany = await scim('PATCH', `/Users/${userId}`, JSON.stringify({ schemas: [PATCH_OP], Operations: ops }));
      expect(tooMany.status).toBe(400);
      expect(tooMany.body).toMatchObject({ scimType: 'tooMany' });
      const members = Array.from({ length: 50_000 }, (_, i) => ({ value: `not-a-user-${i}` }));
      const manyMembers = await scim(
        'PATCH',
        `/Groups/${groupId}`,
        JSON.stringify({ schemas: [PATCH_OP], Operations: [{ op: 'add', path: 'members', value: members }] }),
      );
      expect([400, 413]).toContain(manyMembers.status);
      const emails = Array.from({ length: 10_000 }, (_, i) => ({ value: `e${i}@many.example` }));
      const manyEmails = await scim('POST', '/Users', JSON.stringify({ schemas: [USER], userName: 'many-emails', emails }));
      expect(manyEmails.status).toBeGreaterThanOrEqual(400);
      expect(manyEmails.status).toBeLessThan(500);
      expect(await new UserRepository(tenant.table).findByUserName(tenant.tenantId, 'many-emails')).toBeUndefined();
      const group = await scim('GET', `/Groups/${groupId}`);
      expect(group.body.members ?? []).toEqual([]);
      figures.record('hostile-input', 'huge arrays', {
        '1001 PATCH operations': { status: tooMany.status, ms: tooMany.ms },
        '50000 unknown members': { status: manyMembers.status, ms: manyMembers.ms },
        '10000 emails': { status: manyEmails.status, ms: manyEmails.ms },
      });
    },
    TEST_TIMEOUT_MS,
  );
});

describe('unicode and control characters in names and emails', () => {
  it(
    'refuses control characters in userName and emails with a 400, and keeps legitimate unicode as sent',
    async () => {
      const legit = await scim(
        'POST',
        '/Users',
        JSON.stringify({ schemas: [USER], userName: 'zoë.日本@例え.jp', displayName: 'Zoë 日本 🧪', name: { givenName: 'Zoë' } }),
      );
      expect(legit.status).toBe(201);
      expect(legit.body).toMatchObject({ userName: 'zoë.日本@例え.jp', displayName: 'Zoë 日本 🧪' });
      const hostile = ['nul\u0000name', 'bell\u0007', 'esc\u001b[31mred', 'line\nbreak', 'del\u007f'];
      const statuses: Record<string, number> = {};
      for (const userName of hostile) {
        const res = await scim('POST', '/Users', JSON.stringify({ schemas: [USER], userName }));
        statuses[`userName ${JSON.stringify(userName)}`] = res.status;
      }
      for (const email of ['a\u0000@x.example', 'line\r\nbcc:@x.example', 'lone\ud800@x.example']) {
        const res = await scim('POST', '/Users', JSON.stringify({ schemas: [USER], userName: `e-${email.length}`, emails: [{ value: email, primary: true }] }));
        statuses[`email ${JSON.stringify(email)}`] = res.status;
      }
      figures.record('hostile-input', 'control characters', statuses);
      expect(Object.entries(statuses).filter(([, status]) => status !== 400)).toEqual([]);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'answers an over-long manager id with a 400, not a 500 (regression: the id went into a DynamoDB key)',
    async () => {
      const res = await scim(
        'POST',
        '/Users',
        JSON.stringify({ schemas: [USER, ENTERPRISE], userName: 'long-manager', [ENTERPRISE]: { manager: { value: 'm'.repeat(1100) } } }),
      );
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ status: '400', scimType: 'invalidValue' });
    },
    TEST_TIMEOUT_MS,
  );
});

describe('structurally odd values', () => {
  it(
    'answers an email entry without a value with a 400 on POST and PUT, not a 500 (regression found by the fuzzer)',
    async () => {
      const body = (userName: string) => JSON.stringify({ schemas: [USER], userName, emails: [{ type: 'home', primary: false }] });
      const created = await scim('POST', '/Users', body('valueless-email'));
      const replaced = await scim('PUT', `/Users/${userId}`, body('hostile-target'));
      expect({ post: created.status, put: replaced.status }).toEqual({ post: 400, put: 400 });
      expect(created.body).toMatchObject({ status: '400', scimType: 'invalidValue' });
    },
    TEST_TIMEOUT_MS,
  );
});

describe('filters built to explode', () => {
  it(
    'answers each with a 400 invalidFilter (or, within the limits, a 200)',
    async () => {
      const chain = (n: number) => Array.from({ length: n }, (_, i) => `userName eq "u${i}"`).join(' or ');
      const cases: Record<string, { filter: string; expect: number }> = {
        'nesting 10,000 parentheses': { filter: `${'('.repeat(10_000)}userName pr${')'.repeat(10_000)}`, expect: 400 },
        'nesting 17 levels (limit 16)': { filter: `${'('.repeat(17)}userName pr${')'.repeat(17)}`, expect: 400 },
        'not(not(... 1,000 deep': { filter: `${'not ('.repeat(1000)}userName pr${')'.repeat(1000)}`, expect: 400 },
        'value path nested 500 deep': { filter: `${'emails['.repeat(500)}value pr${']'.repeat(500)}`, expect: 400 },
        '101 terms (limit 100)': { filter: chain(101), expect: 400 },
        '5,000 terms': { filter: chain(5000).slice(0, 200_000), expect: 400 },
        '4,097 characters': { filter: `userName eq "${'x'.repeat(4090)}"`, expect: 400 },
        'unterminated string of 4,000': { filter: `userName eq "${'\\"'.repeat(1990)}`, expect: 400 },
        '100 terms (at the limit)': { filter: chain(100), expect: 200 },
        // Regression: a Unicode space the lexer did not skip made it loop until the process ran out of memory.
        'no-break space between tokens': { filter: 'userName\u00a0eq "hostile-target"', expect: 200 },
        'BOM as an operator': { filter: 'displayName \ufeff "x"', expect: 400 },
        'vertical tab and form feed': { filter: 'userName\u000beq\u000c"x"', expect: 200 },
      };
      const seen: Record<string, { status: number; ms: number }> = {};
      for (const [name, c] of Object.entries(cases)) {
        // In a query string the longest ones exceed what an HTTP server reads (Node: 16 KiB of headers → 431).
        const res = await scim('GET', filterQuery(c.filter));
        const search = await scim(
          'POST',
          '/Users/.search',
          JSON.stringify({ schemas: ['urn:ietf:params:scim:api:messages:2.0:SearchRequest'], filter: c.filter }),
        );
        seen[name] = { status: search.status, ms: search.ms };
        if (res.status !== 431) expect(res.status, `${name}: ${JSON.stringify(res.body).slice(0, 200)}`).toBe(c.expect);
        expect(search.status, `${name} (.search): ${JSON.stringify(search.body).slice(0, 200)}`).toBe(c.expect);
        if (c.expect === 400) expect(search.body, name).toMatchObject({ schemas: [SCIM_ERROR], status: '400', scimType: 'invalidFilter' });
      }
      figures.record('hostile-input', 'exploding filters', seen);
    },
    TEST_TIMEOUT_MS,
  );
});
