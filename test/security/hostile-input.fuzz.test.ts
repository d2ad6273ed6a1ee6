/**
 * Property-based fuzzing (fast-check) of everything a client controls: SCIM
 * resource bodies, PATCH operations, filters and the other list parameters,
 * paths and methods, admin API bodies and query strings. The property is the
 * same everywhere: no 5xx, and every error in the envelope of its path (SCIM's
 * error schema under /scim/, `{statusCode, message, code}` elsewhere).
 *
 * Requests run in process through the route table's handlers (see
 * in-process-api.ts), a few at a time. The seed changes every run and is in the
 * failure message, so a failure can be replayed with FUZZ_SEED.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routes } from '../../shared/http/route-table.js';
import { rememberSecret } from '../support/secret-ledger.js';
import { createTestTenant, type TestTenant } from '../support/tenants.js';
import { figures } from '../reliability/figures.js';
import { setTestEnvironment } from '../setup/process-env.js';
import { call, inRightEnvelope, type ApiRequest } from './in-process-api.js';

/** Generous: DynamoDB Local on a shared CI machine, not the service, sets the pace. */
const TEST_TIMEOUT_MS = 180_000;

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const SEED = Number(process.env.FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
const PARALLEL = 6;

let scimTenant: TestTenant;
let adminTenant: TestTenant;
let userId: string;
let groupId: string;
const summary: Record<string, { cases: number; statuses: Record<number, number>; slowestMs: number }> = {};

beforeAll(async () => {
  // The SCIM token cache a deployment runs with (5 s), not the tests' 0: nothing here revokes a
  // token, and thousands of requests need not each read it again from DynamoDB Local.
  setTestEnvironment({ SCIM_AUTH_CACHE_SECONDS: '5' });
  [scimTenant, adminTenant] = await Promise.all([createTestTenant({ prefix: 'fzs' }), createTestTenant({ prefix: 'fza' })]);
  rememberSecret(scimTenant.adminToken, scimTenant.scimToken!, adminTenant.adminToken, adminTenant.scimToken!);
  const user = await call({
    method: 'POST',
    url: `/scim/v2/${scimTenant.tenantId}/Users`,
    token: scimTenant.scimToken,
    body: { schemas: [USER], userName: 'fuzz-target' },
  });
  userId = user.json.id;
  const group = await call({
    method: 'POST',
    url: `/scim/v2/${scimTenant.tenantId}/Groups`,
    token: scimTenant.scimToken,
    body: { schemas: [GROUP], displayName: 'fuzz-group', members: [{ value: userId }] },
  });
  groupId = group.json.id;
});
afterAll(() => {
  figures.record('fuzz', 'seed', SEED);
  figures.record('fuzz', 'by family', summary);
  figures.flush('fuzz');
});

/** Runs `cases` generated requests; returns the ones that broke the property (at most 10, with the status seen). */
async function fuzz(family: string, arb: fc.Arbitrary<ApiRequest>, cases: number): Promise<string[]> {
  const samples = fc.sample(arb, { numRuns: cases, seed: SEED + family.length });
  const broken: string[] = [];
  const stats = { cases: samples.length, statuses: {} as Record<number, number>, slowestMs: 0 };
  for (let i = 0; i < samples.length; i += PARALLEL) {
    await Promise.all(
      samples.slice(i, i + PARALLEL).map(async (request) => {
        const started = performance.now();
        const res = await call(request, { timeoutSeconds: 60 });
        stats.slowestMs = Math.max(stats.slowestMs, Math.round(performance.now() - started));
        stats.statuses[res.status] = (stats.statuses[res.status] ?? 0) + 1;
        const bad = res.status >= 500 ? 'a 5xx' : res.status >= 400 && !inRightEnvelope(request.url, res) ? 'the wrong envelope' : undefined;
        if (bad && broken.length < 10)
          broken.push(
            `${bad}: ${request.method} ${request.url.slice(0, 300)} ${JSON.stringify(request.body)?.slice(0, 3000)} -> ${res.status} ${res.text.slice(0, 200)}`,
          );
      }),
    );
  }
  summary[family] = stats;
  return broken.map((b) => `[seed ${SEED}] ${b}`);
}

// --- building blocks -------------------------------------------------------

/** Percent-encodes any string, lone surrogates included (encodeURIComponent throws on those). */
const encode = (text: string) =>
  [...Buffer.from(text, 'utf8')]
    .map((b) => (/[A-Za-z0-9\-_.~]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `%${b.toString(16).toUpperCase().padStart(2, '0')}`))
    .join('');
/** Raw escapes a client may put on the wire: invalid UTF-8, broken escapes. */
const rawEscape = fc.constantFrom('%ED%A0%80', '%C0%AF', '%zz', '%', '%00', '%2F', '%5C', '%FF%FE');

/** Text a hostile client sends: any code point (controls, lone surrogates, bidi overrides), sometimes long. */
const nastyString = fc.oneof(
  { weight: 3, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ maxLength: 20 }) },
  fc.constantFrom(
    '',
    ' ',
    '\u0000',
    '\u202e',
    '\ufeff',
    '\ud800',
    'a'.repeat(5000),
    '𝕏'.repeat(300),
    '"',
    '\\',
    '../..',
    '%00',
    '${x}',
    '<script>',
    'null',
    '__proto__',
    'constructor',
  ),
);
const anyJson: fc.Arbitrary<unknown> = fc.oneof(
  { depthSize: 'small', maxDepth: 3 },
  fc.jsonValue({ maxDepth: 3 }),
  nastyString,
  fc.constantFrom(null, true, false, 0, -1, 1e308, 2 ** 53 + 1, [], {}),
);
/** A field's value: usually a plausible one, often a hostile one. */
const value = (plausible: fc.Arbitrary<unknown>) => fc.oneof({ weight: 2, arbitrary: plausible }, { weight: 1, arbitrary: anyJson });
const emailish = fc.oneof(
  fc.emailAddress(),
  nastyString.map((s) => `${s}@example.com`),
  nastyString,
);

const scimUserBody = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record(
      {
        schemas: value(fc.constantFrom([USER], [USER, ENTERPRISE], [GROUP], [])),
        userName: value(fc.oneof(emailish, nastyString)),
        externalId: value(nastyString),
        displayName: value(nastyString),
        active: value(fc.boolean()),
        name: value(fc.record({ givenName: value(nastyString), familyName: value(nastyString), formatted: value(nastyString) }, { requiredKeys: [] })),
        emails: value(
          fc.array(
            fc.record({ value: value(emailish), type: value(fc.constantFrom('work', 'home', 'other')), primary: value(fc.boolean()) }, { requiredKeys: [] }),
            { maxLength: 4 },
          ),
        ),
        phoneNumbers: value(fc.array(fc.record({ value: value(nastyString), type: value(nastyString) }, { requiredKeys: [] }), { maxLength: 3 })),
        password: value(nastyString),
        groups: value(fc.array(fc.record({ value: value(nastyString) }), { maxLength: 2 })),
        id: value(nastyString),
        meta: value(fc.record({ version: value(nastyString) }, { requiredKeys: [] })),
        [ENTERPRISE]: value(
          fc.record({ manager: value(fc.record({ value: value(nastyString) }, { requiredKeys: [] })), department: value(nastyString) }, { requiredKeys: [] }),
        ),
      },
      { requiredKeys: [] },
    ),
  },
  { weight: 1, arbitrary: anyJson },
);

const attributePath = fc.oneof(
  fc.constantFrom(
    'userName',
    'displayName',
    'active',
    'emails',
    'emails.value',
    'emails[type eq "work"].value',
    'emails[primary eq true]',
    'name.givenName',
    'phoneNumbers[type eq "mobile"]',
    'members',
    'members[value eq "x"]',
    `${ENTERPRISE}:manager`,
    `${ENTERPRISE}:department`,
    'externalId',
    'id',
    'meta.version',
    'groups',
    'password',
    'emails[value co "@"].type',
    'addresses[type eq "work"].locality',
    'x509Certificates',
  ),
  nastyString,
);
const patchBody = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record(
      {
        schemas: value(fc.constant([PATCH_OP])),
        Operations: value(
          fc.array(
            fc.record(
              { op: value(fc.constantFrom('add', 'replace', 'remove', 'Add', 'REPLACE', 'delete')), path: value(attributePath), value: anyJson },
              { requiredKeys: [] },
            ),
            { maxLength: 5 },
          ),
        ),
      },
      { requiredKeys: [] },
    ),
  },
  { weight: 1, arbitrary: anyJson },
);

const filterAttr = fc.oneof(
  fc.constantFrom(
    'userName',
    'emails',
    'emails.value',
    'displayName',
    'members',
    'groups',
    'active',
    'meta.lastModified',
    'id',
    'externalId',
    `${ENTERPRISE}:manager.value`,
    'name.familyName',
  ),
  nastyString,
);
const filterOp = fc.oneof(fc.constantFrom('eq', 'ne', 'co', 'sw', 'ew', 'gt', 'ge', 'lt', 'le', 'pr', 'EQ', 'and', 'or', 'not'), nastyString);
const filterValue = fc.oneof(
  fc.string({ maxLength: 10 }).map((s) => JSON.stringify(s)),
  fc.constantFrom('true', 'false', 'null', '1', '-1.5e3', '"2026-01-01T00:00:00Z"', '"unterminated', '"\\u0000"'),
  nastyString,
);
const { filter } = fc.letrec<{ filter: string }>((tie) => ({
  filter: fc.oneof(
    { depthSize: 'small', maxDepth: 5 },
    fc.tuple(filterAttr, filterOp, filterValue).map(([a, o, v]) => `${a} ${o} ${v}`),
    fc.tuple(filterAttr).map(([a]) => `${a} pr`),
    fc.tuple(tie('filter'), fc.constantFrom('and', 'or', 'AND', 'xor'), tie('filter')).map(([l, o, r]) => `${l} ${o} ${r}`),
    tie('filter').map((f) => `not (${f})`),
    tie('filter').map((f) => `(${f})`),
    fc.tuple(filterAttr, tie('filter')).map(([a, f]) => `${a}[${f}]`),
    nastyString,
  ),
}));
const listQuery = fc
  .record(
    {
      filter,
      startIndex: value(fc.integer({ min: -5, max: 1e6 }).map(String)),
      count: value(fc.integer({ min: -5, max: 1e6 }).map(String)),
      cursor: fc.oneof(fc.constant(''), nastyString),
      sortBy: value(filterAttr),
      sortOrder: value(fc.constantFrom('ascending', 'descending', 'sideways')),
      attributes: value(filterAttr),
      excludedAttributes: value(filterAttr),
    },
    { requiredKeys: [] },
  )
  .chain((q) => fc.tuple(fc.constant(q), fc.option(rawEscape, { nil: '' })))
  .map(
    ([q, raw]) =>
      Object.entries(q)
        .map(([k, v]) => `${k}=${encode(typeof v === 'string' ? v : JSON.stringify(v))}`)
        .join('&') + (raw ? `&filter=${raw}` : ''),
  );

// --- families --------------------------------------------------------------

const scimCall = (method: string, path: string, body?: unknown, query = ''): ApiRequest => ({
  method,
  url: `/scim/v2/${scimTenant.tenantId}${path}${query ? `?${query}` : ''}`,
  token: scimTenant.scimToken!,
  ...(body === undefined ? {} : { body, headers: { 'content-type': 'application/scim+json' } }),
});

// Hundreds of generated requests per test, each a full handler call: seconds idle, far more on a busy machine.
describe('fuzzing the SCIM server', { timeout: 120_000 }, () => {
  it(
    'answers SCIM user bodies (POST and PUT) without a 5xx, errors in the SCIM envelope',
    async () => {
      const arb = fc
        .tuple(fc.constantFrom('POST', 'PUT'), scimUserBody)
        .map(([method, body]) => (method === 'POST' ? scimCall('POST', '/Users', body) : scimCall('PUT', `/Users/${userId}`, body)));
      expect(await fuzz('SCIM user bodies', arb, 700)).toEqual([]);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'answers PATCH operations on users and groups without a 5xx',
    async () => {
      const arb = fc.tuple(fc.boolean(), patchBody).map(([onUser, body]) => scimCall('PATCH', onUser ? `/Users/${userId}` : `/Groups/${groupId}`, body));
      expect(await fuzz('SCIM PATCH operations', arb, 700)).toEqual([]);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'answers filters and list parameters (GET and .search) without a 5xx',
    async () => {
      const arb = fc
        .tuple(fc.constantFrom('/Users', '/Groups', '/Users/.search', '/.search'), listQuery, filter)
        .map(([path, query, f]) =>
          path.endsWith('.search')
            ? scimCall('POST', path, { schemas: ['urn:ietf:params:scim:api:messages:2.0:SearchRequest'], filter: f, count: 5 })
            : scimCall('GET', path, undefined, query),
        );
      expect(await fuzz('SCIM filters and list parameters', arb, 700)).toEqual([]);
    },
    TEST_TIMEOUT_MS,
  );
});

describe('fuzzing paths, methods and the admin API', { timeout: 120_000 }, () => {
  it(
    'answers any method on any path without a 5xx, in the envelope of the path',
    async () => {
      const segment = fc.oneof(
        fc.constantFrom('Users', 'Groups', 'users', 'teams', '.search', 'Bulk', 'Schemas', '%2e%2e', '..', '', 'x', '{id}', 'v2', 'scim'),
        nastyString.map(encode),
        rawEscape,
      );
      const arb = fc
        .tuple(
          fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD'),
          fc.constantFrom(`/scim/v2/${'TENANT'}`, '/api/svc/v1', '/api/svc/v1/x/users', '/scim/v2', '', '/auth'),
          fc.array(segment, { maxLength: 4 }),
          fc.constantFrom<'scim' | 'admin' | 'none'>('scim', 'admin', 'none'),
        )
        .map(([method, base, segments, credential]) => ({
          method,
          url: `${base.replace('TENANT', scimTenant.tenantId)}/${segments.join('/')}`,
          token: credential === 'scim' ? scimTenant.scimToken : credential === 'admin' ? adminTenant.adminToken : undefined,
        }))
        // The sign-in callback answers a browser (redirects), not an API client.
        .filter((r) => !r.url.startsWith('/auth/'));
      expect(await fuzz('paths and methods', arb, 400)).toEqual([]);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'answers admin API bodies and query strings without a 5xx, errors in the admin envelope',
    async () => {
      const seeds: Record<string, unknown> = {
        'users.register': { email: 'fz@example.com', sendInviteEmail: false },
        'users.invite': { email: 'fz@example.com', acceptInviteClientUrl: 'https://app.example.com/accept' },
        'users.deactivate': { email: 'fz@example.com' },
        'users.activate': { email: 'fz@example.com' },
        'users.roles': { email: 'fz@example.com', roles: ['tenant-member'] },
        'users.forgotPassword': { email: 'fz@example.com', resetPasswordClientUrl: 'https://app.example.com/reset' },
        'users.changePassword': { loginId: 'fz@example.com', oldPassword: 'password 1', newPassword: 'password 2' },
        'users.acceptInvite': { token: 'prv_inv_x', password: 'password 1' },
        'users.resetPassword': { token: 'prv_rst_x', newPassword: 'password 1' },
        'users.linkInfo': { kind: 'invite', token: 'prv_inv_x' },
        'teams.apply': { manifest: { type: 'team', name: 'fuzz-team', members: ['fz@example.com'] }, dryRun: true },
        'collaborators.put': { resourceType: 'workspace', resourceId: 'ws', collaborators: [{ subject: 'user:fz@example.com', role: 'viewer' }] },
        'collaborators.delete': { resourceType: 'workspace', resourceId: 'ws', collaborators: [{ subject: 'team:x' }] },
        'pats.create': { name: 'fuzz', expirationDate: '2030-01-01' },
        'pats.revokeAll': { email: 'fz@example.com' },
        'provisioning.put': { mode: 'scim', ssoEnforced: false, breakGlassEmails: [] },
      };
      const bodyRoutes = routes.filter((r) => r.name in seeds);
      const mutate = (seed: Record<string, unknown>) =>
        fc
          .tuple(fc.subarray(Object.keys(seed)), fc.dictionary(fc.oneof(fc.constantFrom(...Object.keys(seed)), nastyString), anyJson, { maxKeys: 3 }))
          .map(([keep, extra]) => ({ ...Object.fromEntries(keep.map((k) => [k, seed[k]])), ...extra }));
      const bodyArb = fc
        .constantFrom(...bodyRoutes)
        .chain((route) =>
          fc.tuple(
            fc.constant(route),
            fc.oneof({ weight: 3, arbitrary: mutate(seeds[route.name] as Record<string, unknown>) }, { weight: 1, arbitrary: anyJson }),
          ),
        )
        .map(([route, body]): ApiRequest => ({ method: route.method, url: route.path, token: adminTenant.adminToken, body }));

      const getRoutes = routes.filter((r) => r.method === 'GET' && r.path.startsWith('/api/'));
      const queryKeys = fc.constantFrom(
        'limit',
        'offset',
        'query',
        'showInvalidUsers',
        'type',
        'pageToken',
        'nameSearchQuery',
        'userId',
        'email',
        'resourceType',
        'resourceId',
        'start',
        'end',
        'action',
        'subjectSlug',
        'cursor',
      );
      const queryArb = fc
        .tuple(
          fc.constantFrom(...getRoutes),
          fc.array(fc.tuple(fc.oneof(queryKeys, nastyString), fc.oneof(nastyString, fc.integer().map(String))), { maxLength: 4 }),
          nastyString,
        )
        .map(([route, pairs, id]): ApiRequest => ({
          method: 'GET',
          url: `${route.path.replace('{id}', encode(id) || 'x')}?${pairs.map(([k, v]) => `${encode(k)}=${encode(v)}`).join('&')}`,
          token: adminTenant.adminToken,
        }));
      expect(await fuzz('admin bodies', bodyArb, 500)).toEqual([]);
      expect(await fuzz('admin query strings', queryArb, 400)).toEqual([]);
    },
    TEST_TIMEOUT_MS,
  );
});
