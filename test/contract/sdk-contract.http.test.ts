/**
 * The SDK contract itself: always on for every HTTP test, strict where the SDK is
 * (a missing required key fails, as a shape the previous version sent shows),
 * and the user fields the SDK reads: `isEditable` for the viewer, and
 * `registeredInIdp: false` for a person invited in SCIM mode.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { createTestTenant, type TestTenant } from '../support/tenants.js';
import { API, bodyOf, createPerson, json } from '../teams/support.js';
import { sdkContractCheck } from './sdk-contract-check.js';

const check = (route: string, status: number, body: unknown) => sdkContractCheck({ route, method: 'GET', path: `${API}/x`, status, body });

describe('the contract check', () => {
  it('is on in every test worker', () => {
    expect(process.env.VALIDATE_RESPONSES).toBe('1');
  });

  it('refuses the shapes the SDK could not parse, and accepts the ones it can', () => {
    const user = {
      id: 'u',
      email: 'a@x.example',
      tenantName: 't',
      metadata: {},
      active: true,
      createdAt: '2026-01-01T00:00:00.000Z',
      updatedAt: '2026-01-01T00:00:00.000Z',
    };
    expect(check('users.get', 200, { data: user })).toMatch(/isEditable/);
    expect(check('users.get', 200, { data: { ...user, isEditable: false } })).toBeUndefined();
    expect(check('teams.members', 200, { data: [{ userId: 'u', role: 'member' }], pagination: { limit: 10 } })).toMatch(/subjectId/);
    expect(
      check('pats.list', 200, {
        data: [{ id: 'p', name: 'ci', userId: 'u', prefix: 'x', createdAt: user.createdAt, expired: false }],
        pagination: { total: 1 },
      }),
    ).toMatch(/tenantName/);
    // Errors: details must be a list of objects, each naming what blocked and why.
    expect(check('users.delete', 400, { statusCode: 400, message: 'm', code: 'user.delete_blocked', details: { teams: [] } })).toMatch(/details/);
    expect(check('users.delete', 400, { statusCode: 400, message: 'm', code: 'c', details: [{ id: 't' }] })).toMatch(/message/);
    expect(check('users.delete', 400, { statusCode: 400, message: 'm', code: 'c', details: [{ message: 'why' }] })).toMatch(/field.*subject/);
    expect(check('users.delete', 400, { statusCode: 400, message: 'm', code: 'c', details: [{ subject: 'team:a', message: 'why' }] })).toBeUndefined();
  });
});

describe('users as the SDK reads them', () => {
  let gateway: TestGateway;
  let tenant: TestTenant;

  beforeAll(async () => {
    tenant = await createTestTenant({ prefix: 'sdkusers', mode: 'scim' });
    gateway = await startTestGateway();
  });
  afterAll(async () => {
    await gateway?.close();
  });

  it('lets an admin invite someone outside the IdP in SCIM mode, marked as not from the IdP', async () => {
    const email = `contractor@${tenant.tenantId}.example`;
    const res = await gateway.request(
      `${API}/users/invite`,
      json('POST', { email, acceptInviteClientUrl: 'https://app.example.com/accept-invite' }, tenant.adminToken),
    );
    expect(res.status).toBe(201);
    const body = await bodyOf(res);
    expect(body.link).toEqual(expect.any(String));
    expect(body.data).toMatchObject({ email, isEditable: true, metadata: { registeredInIdp: false, createdByScim: false, source: 'invite' } });
  });

  it('says isEditable per viewer: true for admins, false for members', async () => {
    const member = await createPerson(tenant.table, tenant.tenantId);
    const asAdmin = await bodyOf(await gateway.request(`${API}/users/${member.user.id}`, { token: tenant.adminToken }));
    const asMember = await bodyOf(await gateway.request(`${API}/users/${member.user.id}`, { token: member.token }));
    expect(asAdmin.data.isEditable).toBe(true);
    expect(asMember.data.isEditable).toBe(false);
  });
});
