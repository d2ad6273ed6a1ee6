/**
 * The admin console end to end: `npm start`'s stack (in memory, on free ports,
 * in a temporary LOCAL_DIR) and headless Debian Chromium through playwright-core,
 * doing through the UI what an admin does. One stack for the file (it takes
 * ~15 s to start), so the flows run in order and build on each other: the
 * invited user of the first is deactivated, reactivated and reset later, and
 * the provisioning mode switch comes last, so every earlier flow runs in the invite-only tenant it was seeded as.
 *
 * Every page and dialog is screenshotted to test/artifacts/ and checked with
 * axe-core (no serious or critical violation), and no page may log a script
 * error or a CSP refusal.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, newContext, screenshot, seriousViolations } from './support/browser.js';
import { dialog, heading, navigate, rowAction, signInWithPassword, userRow, waitForStatus } from './support/console-page.js';
import { startE2eStack, type E2eStack } from './support/local-stack.js';
import { startReceiver } from '../support/webhook-receiver.js';

const FLOW_TIMEOUT_MS = 120_000;
const NEWBIE = 'newbie@globex.example';
const BULK = 'bulk@globex.example';
const NEWBIE_PASSWORD = 'Newbie-e2e-Password-42';
const NEWBIE_NEW_PASSWORD = 'Newbie-e2e-Reset-Password-43';
const BULK_PASSWORD = 'Bulk-e2e-Password-44';
const TEAMED = 'teamed@globex.example';
const TEAM = 'e2e-team';
const PEOPLE_TEAM = 'e2e-people';
const PICKED_TEAM = 'e2e-picked';
/** A SCIM group name that is not a team name: the team is named by its slug. */
const SCIM_GROUP = 'Sales (EMEA)';
const ADA = 'ada@demo.example';
/** A demo IdP person globex (invite-only) never invited: SSO refuses them. */
const ALAN = 'alan@demo.example';

let stack: E2eStack;
let browser: Browser;

beforeAll(async () => {
  stack = await startE2eStack();
  browser = await launchChromium();
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
}, 60_000);

const consoleUrl = () => stack.file.consoleUrl;
const globex = () => stack.file.tenants.find((t) => t.id === 'globex')!;

/**
 * A flow in a fresh browser window, closed when the flow ends (an open page
 * keeps its caret blinking and costs CPU for the rest of the file): on failure the page is saved as
 * `test/artifacts/failed-<name>.png` and the error says where the browser was
 * and what it showed, which a timeout alone does not.
 */
async function inWindow(name: string, body: (page: Page) => Promise<void>): Promise<void> {
  const { context, page, problems } = await newContext(browser);
  context.setDefaultTimeout(20_000);
  try {
    await body(page);
  } catch (error) {
    await screenshot(page, `failed-${name}`).catch(() => {});
    const text = await page
      .locator('body')
      .innerText({ timeout: 2_000 })
      .catch(() => '(no page text)');
    throw new Error(`${(error as Error).message}\n--- at ${page.url()} ---\n${text.slice(0, 2_000)}\n--- problems ---\n${problems.list.join('\n')}`, {
      cause: error,
    });
  } finally {
    await context.close().catch(() => {});
  }
  expect(problems.list).toEqual([]);
}

/** Screenshot and axe-core check of the page, or of its open dialog. */
async function check(page: Page, name: string, scope?: 'dialog'): Promise<void> {
  await screenshot(page, name);
  const violations = await seriousViolations(page, scope === 'dialog' ? 'dialog[open]' : undefined);
  // Joined, so a failure prints what axe found instead of a truncated array.
  expect(violations.join('\n'), `axe-core on ${name}`).toBe('');
}

/** The admin API with the globex admin's PAT (for set-up and to check what the UI did). */
async function api(path: string, init: RequestInit & { token?: string } = {}): Promise<Response> {
  const { token = globex().adminToken, ...rest } = init;
  const headers = new Headers(rest.headers);
  headers.set('authorization', `Bearer ${token}`);
  if (rest.body) headers.set('content-type', 'application/json');
  return fetch(`${stack.file.apiUrl}${path}`, { ...rest, headers });
}

async function userByEmail(email: string): Promise<{ id: string; active: boolean; metadata: { inviteAccepted: boolean } } | undefined> {
  const res = await api(`/api/svc/v1/users?query=${encodeURIComponent(email)}&showInvalidUsers=true`);
  expect(res.status).toBe(200);
  const { data } = (await res.json()) as { data: Array<{ id: string; email: string; active: boolean; metadata: { inviteAccepted: boolean } }> };
  return data.find((u) => u.email === email);
}

/** The link to `path` in the newest mail to `to` that has one, waiting for the mailer to send it. */
async function linkInMail(to: string, path: string): Promise<URL> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const store = (await (await fetch(`${stack.file.mailUrl}/store`)).json()) as { emails: Array<{ destination: { to: string[] }; body: { text?: string } }> };
    const links = store.emails
      .filter((m) => m.destination.to.includes(to))
      .flatMap((m) => m.body.text?.match(/https?:\/\/\S+/g) ?? [])
      .map((l) => new URL(l))
      .filter((l) => l.pathname === path);
    const link = links.at(-1);
    if (link) return link;
    if (Date.now() > deadline) throw new Error(`no mail with a link to ${to}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

async function signInAsAdmin(page: Page): Promise<void> {
  await signInWithPassword(page, consoleUrl(), 'globex', globex().adminEmail, globex().adminPassword!);
  await heading(page, 'Users');
}

describe('the admin console', () => {
  it(
    'a. the admin signs in with a password and invites with the set-password mail; the invitee sets a password and signs in as a member',
    async () => {
      await inWindow('invite', async (page) => {
        await page.goto(`${consoleUrl()}/sign-in`);
        await heading(page, 'Sign in');
        await check(page, 'sign-in');
        await signInAsAdmin(page);
        await userRow(page, globex().adminEmail).waitFor();
        await check(page, 'users');

        await page.getByRole('button', { name: /^invite users$/i }).click();
        const invite = dialog(page, 'Invite users');
        // A list as an admin pastes it: a new person with a name, one already in the tenant, a typo, and a repeat.
        await invite
          .getByLabel('Email addresses', { exact: true })
          .fill([`${NEWBIE}, New, Bie`, globex().adminEmail, 'not-an-address', BULK, NEWBIE.toUpperCase()].join('\n'));
        expect(await invite.getByRole('radio', { name: 'Member', exact: true }).isChecked()).toBe(true);
        await invite.getByLabel('Send email to set password').check();
        await check(page, 'users-invite-dialog', 'dialog');
        await invite.getByRole('button', { name: 'Preview', exact: true }).click();
        const previewRow = (email: string) => invite.getByRole('row').filter({ has: page.getByRole('cell', { name: email, exact: true }) });
        await previewRow(NEWBIE).getByText('New: will be invited').waitFor();
        await previewRow(BULK).getByText('New: will be invited').waitFor();
        await previewRow(globex().adminEmail).getByText('Already a member').waitFor();
        await previewRow('not-an-address').getByText('Not an email address').waitFor();
        await previewRow(NEWBIE.toUpperCase()).getByText('Listed twice (first on line 1)').waitFor();
        await check(page, 'users-invite-preview', 'dialog');
        await invite.getByRole('button', { name: 'Invite 3 people', exact: true }).click();
        await previewRow(NEWBIE).getByText('Invited', { exact: true }).waitFor();
        await previewRow(BULK).getByText('Invited', { exact: true }).waitFor();
        await previewRow(globex().adminEmail).getByText('Already a member', { exact: true }).waitFor();
        await invite.getByRole('status').filter({ hasText: '2 invited, 1 already a member, 2 not sent.' }).waitFor();
        await check(page, 'users-invite-results', 'dialog');
        await invite.getByRole('button', { name: 'Done', exact: true }).click();
        await invite.waitFor({ state: 'hidden' });
        await userRow(page, NEWBIE).getByText('Invite Pending', { exact: true }).waitFor();
        await userRow(page, NEWBIE).getByText('New Bie', { exact: true }).waitFor();
        await userRow(page, BULK).getByText('Invite Pending', { exact: true }).waitFor();

        const link = await linkInMail(NEWBIE, '/accept-invite');
        expect(`${link.origin}${link.pathname}`).toBe(`${consoleUrl()}/accept-invite`);
        expect(link.searchParams.get('tenant')).toBe('globex');
        await page.goto(link.toString());
        await heading(page, 'Accept invite');
        await page.getByText(`You are invited to join Globex as ${NEWBIE}.`, { exact: true }).waitFor();
        // Invited with a name: the page does not ask for one.
        expect(await page.getByLabel('Given name', { exact: true }).count()).toBe(0);
        await page.getByLabel('New password', { exact: true }).fill(NEWBIE_PASSWORD);
        await page.getByLabel('Confirm password', { exact: true }).fill(NEWBIE_PASSWORD);
        await check(page, 'accept-invite');
        await page.getByRole('button', { name: 'Accept invite and set password' }).click();
        await page.getByText('Your password is set').waitFor();
        expect((await userByEmail(NEWBIE))?.metadata.inviteAccepted).toBe(true);

        await page.goto(`${consoleUrl()}/users`);
        await heading(page, 'Users');
        await page.getByRole('button', { name: 'Sign out', exact: true }).click();
        await heading(page, 'Sign in');
        await signInWithPassword(page, consoleUrl(), 'globex', NEWBIE, NEWBIE_PASSWORD);
        await heading(page, 'Users');
        const self = userRow(page, NEWBIE);
        await self.getByText('Member', { exact: true }).waitFor();
        expect(await self.getByText('Invite Pending', { exact: true }).count()).toBe(0);
        expect(await page.getByRole('button', { name: /^invite users$/i }).count()).toBe(0);
        await check(page, 'users-as-member');
      });
    },
    FLOW_TIMEOUT_MS,
  );

  it(
    'a2. an invite link names the organization and the address, survives being opened twice, and asks a nameless invitee for their name; a broken link says only that it cannot be used',
    async () => {
      const link = await linkInMail(BULK, '/accept-invite');
      await inWindow('accept-invite-name', async (page) => {
        // Opened once (a mail scanner, a preview) and again: showing the page spends nothing.
        await page.goto(link.toString());
        await page.getByText(`You are invited to join Globex as ${BULK}.`, { exact: true }).waitFor();
        await page.reload();
        await heading(page, 'Accept invite');
        await page.getByText(`You are invited to join Globex as ${BULK}.`, { exact: true }).waitFor();
        await page.getByLabel('Given name', { exact: true }).fill('Bulk');
        await page.getByLabel('Family name', { exact: true }).fill('Invitee');
        await page.getByLabel('New password', { exact: true }).fill(BULK_PASSWORD);
        await page.getByLabel('Confirm password', { exact: true }).fill(BULK_PASSWORD);
        await check(page, 'accept-invite-name');
        await page.getByRole('button', { name: 'Accept invite and set password' }).click();
        await page.getByText('Your password is set').waitFor();
        const res = await api(`/api/svc/v1/users/${(await userByEmail(BULK))!.id}`);
        expect(((await res.json()) as { data: { metadata: { displayName?: string; inviteAccepted: boolean } } }).data.metadata).toMatchObject({
          displayName: 'Bulk Invitee',
          inviteAccepted: true,
        });

        // The same link once used, and a forged one: the same words, no form.
        for (const broken of [link.toString(), `${consoleUrl()}/accept-invite?token=prv_inv_forged`]) {
          await page.goto(broken);
          await heading(page, 'Accept invite');
          await page.getByRole('alert').filter({ hasText: 'This link cannot be used' }).waitFor();
          expect(await page.getByLabel('New password', { exact: true }).count()).toBe(0);
        }
        await check(page, 'accept-invite-unusable');
      });
    },
    FLOW_TIMEOUT_MS,
  );

  it(
    'b. the admin deactivates and reactivates a user; the status tag follows and survives a reload',
    async () => {
      await inWindow('deactivate', async (page) => {
        await signInAsAdmin(page);
        await userRow(page, NEWBIE).waitFor();
        await check(page, 'users-filters');

        // Deactivated under the default filter (active and pending): the row stays, with its badge, until the filter changes.
        await rowAction(page, NEWBIE, 'Deactivate');
        const confirm = dialog(page, /deactivate/i);
        await check(page, 'users-deactivate-dialog', 'dialog');
        await confirm.getByRole('button', { name: 'Deactivate', exact: true }).click();
        await userRow(page, NEWBIE).getByText('Deactivated', { exact: true }).waitFor();
        expect((await userByEmail(NEWBIE))?.active).toBe(false);
        await page.getByLabel('Status', { exact: true }).selectOption({ label: 'Active' });
        await waitUntilGone(userRow(page, NEWBIE));
        await page.getByLabel('Status', { exact: true }).selectOption({ label: 'Deactivated' });
        await userRow(page, NEWBIE).getByText('Deactivated', { exact: true }).waitFor();
        expect(await userRow(page, globex().adminEmail).count()).toBe(0);
        await page.reload();
        await heading(page, 'Users');
        await showDeactivated(page);
        await userRow(page, NEWBIE).getByText('Deactivated', { exact: true }).waitFor();
        await check(page, 'users-deactivated');

        await rowAction(page, NEWBIE, 'Activate');
        await dialog(page, /activate/i)
          .getByRole('button', { name: 'Activate', exact: true })
          .click();
        await waitUntilGone(userRow(page, NEWBIE).getByText('Deactivated', { exact: true }));
        expect((await userByEmail(NEWBIE))?.active).toBe(true);
        await page.reload();
        await heading(page, 'Users');
        await userRow(page, NEWBIE).waitFor();
        expect(await userRow(page, NEWBIE).getByText('Deactivated', { exact: true }).count()).toBe(0);
      });
    },
    FLOW_TIMEOUT_MS,
  );

  it(
    'c. the admin sends a password reset; the user sets a new password through the mailed link and signs in with it',
    async () => {
      await inWindow('reset', async (page) => {
        await signInAsAdmin(page);
        await rowAction(page, NEWBIE, 'Reset password');
        const confirm = dialog(page, `Reset password for ${NEWBIE}?`);
        await check(page, 'users-reset-password-dialog', 'dialog');
        await confirm.getByRole('button', { name: 'Send reset link', exact: true }).click();
        await confirm.waitFor({ state: 'hidden' });
        await waitForStatus(page, NEWBIE);

        const link = await linkInMail(NEWBIE, '/reset-password');
        expect(`${link.origin}${link.pathname}`).toBe(`${consoleUrl()}/reset-password`);
        await page.getByRole('button', { name: 'Sign out', exact: true }).click();
        await heading(page, 'Sign in');
        // The link under another organization's name is refused (and spends nothing).
        const elsewhere = new URL(link);
        elsewhere.searchParams.set('tenant', 'acme');
        await page.goto(elsewhere.toString());
        await heading(page, 'Reset password');
        await page.getByRole('alert').filter({ hasText: 'This link cannot be used' }).waitFor();
        expect(link.searchParams.get('tenant')).toBe('globex');
        await page.goto(link.toString());
        await heading(page, 'Reset password');
        await page.getByText(`Set a new password for ${NEWBIE} at Globex.`, { exact: true }).waitFor();
        await page.getByLabel('New password', { exact: true }).fill(NEWBIE_NEW_PASSWORD);
        await page.getByLabel('Confirm password', { exact: true }).fill(NEWBIE_NEW_PASSWORD);
        await check(page, 'reset-password');
        await page.getByRole('button', { name: 'Set new password', exact: true }).click();
        await page.getByText('Your password is set').waitFor();
        // The sign-in page it offers is the link's organization's.
        await page.getByRole('link', { name: 'Sign in', exact: true }).click();
        await heading(page, 'Sign in');
        expect(new URL(page.url()).searchParams.get('tenant')).toBe('globex');
        await signInWithPassword(page, consoleUrl(), 'globex', NEWBIE, NEWBIE_NEW_PASSWORD);
        await heading(page, 'Users');
      });
    },
    FLOW_TIMEOUT_MS,
  );

  it(
    'd. deleting a user who is in a team is blocked and lists the team; the forced delete removes them',
    async () => {
      const invited = await api('/api/svc/v1/users/invite', {
        method: 'POST',
        body: JSON.stringify({ email: TEAMED, acceptInviteClientUrl: `${consoleUrl()}/accept-invite` }),
      });
      expect(invited.status).toBe(201);
      const team = await api('/api/svc/v1/teams', { method: 'PUT', body: JSON.stringify({ manifest: { type: 'team', name: TEAM, members: [TEAMED] } }) });
      expect(team.status).toBe(201);

      await inWindow('delete', async (page) => {
        await signInAsAdmin(page);
        await navigate(page, 'Teams');
        await page.getByRole('row').filter({ hasText: TEAM }).waitFor();
        await check(page, 'teams');
        await navigate(page, 'Users');
        await rowAction(page, TEAMED, 'Delete');
        const confirm = dialog(page, `Delete ${TEAMED}?`);
        await confirm.getByRole('button', { name: 'Delete', exact: true }).click();
        await confirm.getByText(TEAM).waitFor();
        await confirm.getByLabel('Also remove from these teams and resource roles').check();
        await check(page, 'users-delete-blocked-dialog', 'dialog');
        await confirm.getByRole('button', { name: 'Remove access and delete', exact: true }).click();
        await confirm.waitFor({ state: 'hidden' });
        await waitUntilGone(userRow(page, TEAMED));
        expect(await userByEmail(TEAMED)).toBeUndefined();
      });
    },
    FLOW_TIMEOUT_MS,
  );

  it(
    'd2. the admin creates a team by picking people as they type (by email and by name, keyboard and mouse) and opens its page: members by page with their roles',
    async () => {
      await inWindow('team-picker', async (page) => {
        await signInAsAdmin(page);
        await navigate(page, 'Teams');
        await page.getByRole('button', { name: 'Create team', exact: true }).click();
        const create = dialog(page, 'Create team');
        await create.getByLabel('Name', { exact: true }).fill(PICKED_TEAM);

        // Members: part of an address, then the keyboard: arrow to the match, Enter picks it (the dialog stays open).
        const members = create.getByRole('combobox', { name: 'Members', exact: true });
        await members.fill('bulk@');
        const memberOptions = create.getByRole('listbox', { name: 'People to add to members' });
        await memberOptions.getByRole('option', { name: new RegExp(BULK) }).waitFor();
        await check(page, 'teams-picker-dialog', 'dialog');
        await members.press('ArrowDown');
        await members.press('Enter');
        await create.getByRole('list', { name: 'Members' }).getByText(BULK, { exact: true }).waitFor();
        expect(await members.inputValue()).toBe('');

        // Managers: by name (the address does not contain it), picked with the mouse.
        const managers = create.getByRole('combobox', { name: 'Managers', exact: true });
        await managers.fill('new bie');
        await create
          .getByRole('listbox', { name: 'People to add to managers' })
          .getByRole('option', { name: new RegExp(NEWBIE) })
          .click();
        await create.getByRole('list', { name: 'Managers' }).getByText(NEWBIE, { exact: true }).waitFor();
        // Escape closes an open list of matches, not the dialog.
        await managers.fill('globex');
        await create.getByRole('listbox', { name: 'People to add to managers' }).getByRole('option').first().waitFor();
        await managers.press('Escape');
        await create.getByRole('listbox', { name: 'People to add to managers' }).waitFor({ state: 'hidden' });
        await create.waitFor();
        await managers.fill('');
        await check(page, 'teams-picker-picked', 'dialog');
        await create.getByRole('button', { name: 'Create team', exact: true }).click();
        await create.waitFor({ state: 'hidden' });

        await page.getByRole('row').filter({ hasText: PICKED_TEAM }).getByRole('link', { name: PICKED_TEAM, exact: true }).click();
        await heading(page, PICKED_TEAM);
        const team = (await (await api(`/api/svc/v1/teams/user?limit=1000`)).json()) as { data: Array<{ id: string; teamName: string }> };
        expect(new URL(page.url()).pathname).toBe(`/teams/${team.data.find((t) => t.teamName === PICKED_TEAM)!.id}`);
        const people = page.getByRole('region', { name: 'Members' });
        await people.getByRole('row').filter({ hasText: BULK }).getByRole('cell', { name: 'Member', exact: true }).waitFor();
        await people.getByRole('row').filter({ hasText: NEWBIE }).getByRole('cell', { name: 'Manager', exact: true }).waitFor();
        await people.getByRole('row').filter({ hasText: NEWBIE }).getByText('New Bie', { exact: true }).waitFor();
        await page.getByText('1–2 of 2').waitFor();
        await page.getByRole('button', { name: 'Edit team', exact: true }).waitFor();
        await check(page, 'team-page');

        // A member's email leads to their page.
        await people.getByRole('link', { name: BULK, exact: true }).click();
        await heading(page, BULK);
      });
    },
    FLOW_TIMEOUT_MS,
  );

  it(
    "d3. a SCIM group's page shows the IdP's name beside the team name and offers no edits; everyone's page lists people by page",
    async () => {
      const acme = stack.file.tenants.find((t) => t.id === 'acme')!;
      const scim = (path: string, body: unknown) =>
        fetch(`${acme.scimBaseUrl}${path}`, {
          method: 'POST',
          headers: { authorization: `Bearer ${acme.scimToken}`, 'content-type': 'application/scim+json' },
          body: JSON.stringify(body),
        });
      const users = await fetch(`${acme.scimBaseUrl}/Users?filter=${encodeURIComponent(`userName eq "${acme.adminEmail}"`)}`, {
        headers: { authorization: `Bearer ${acme.scimToken}` },
      });
      const admin = ((await users.json()) as { Resources: Array<{ id: string }> }).Resources[0]!;
      const group = await scim('/Groups', {
        schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'],
        displayName: SCIM_GROUP,
        members: [{ value: admin.id }],
      });
      expect(group.status).toBe(201);
      const { id } = (await group.json()) as { id: string };

      await inWindow('team-page-scim', async (page) => {
        await signInWithPassword(page, consoleUrl(), 'acme', acme.adminEmail, acme.adminPassword!);
        await heading(page, 'Users');
        await navigate(page, 'Teams');
        await page.getByText(`In the identity provider: ${SCIM_GROUP}`, { exact: true }).waitFor();
        await page.getByRole('row').filter({ hasText: SCIM_GROUP }).getByRole('link').click();
        expect(new URL(page.url()).pathname).toBe(`/teams/${id}`);
        const details = page.getByRole('region', { name: 'Details' });
        await details.getByText(SCIM_GROUP, { exact: true }).waitFor();
        await details.getByText('Managed by your identity provider (SCIM); change it there.').waitFor();
        await page.getByRole('region', { name: 'Members' }).getByRole('row').filter({ hasText: acme.adminEmail }).waitFor();
        expect(await page.getByRole('button', { name: 'Edit team', exact: true }).count()).toBe(0);
        expect(await page.getByRole('button', { name: 'Delete team', exact: true }).count()).toBe(0);
        await check(page, 'team-page-scim');

        await page.getByRole('link', { name: 'Teams', exact: true }).first().click();
        await heading(page, 'Teams');
        await page.getByRole('link', { name: 'everyone', exact: true }).click();
        await heading(page, 'everyone');
        await page.getByRole('region', { name: 'Members' }).getByRole('row').filter({ hasText: acme.adminEmail }).waitFor();
        expect(await page.getByRole('button', { name: 'Edit team', exact: true }).count()).toBe(0);
      });
    },
    FLOW_TIMEOUT_MS,
  );

  it(
    'e. a user creates and revokes a personal access token; the audit log shows the invite',
    async () => {
      await inWindow('tokens', async (page) => {
        await signInAsAdmin(page);
        await navigate(page, 'Personal access tokens');
        await page.getByLabel('Name', { exact: true }).fill('e2e-token');
        await page.getByRole('button', { name: 'Create token', exact: true }).click();
        const shown = page.getByLabel('New personal access token', { exact: true });
        const token = await shown.inputValue();
        expect(token).toMatch(/^prv_pat_/);
        expect((await api('/api/svc/v1/x/session', { token })).status).toBe(200);
        await check(page, 'personal-access-tokens');

        await page.getByRole('button', { name: 'Revoke e2e-token', exact: true }).click();
        await dialog(page, /revoke/i)
          .getByRole('button', { name: 'Revoke', exact: true })
          .click();
        await waitUntilGone(page.getByRole('button', { name: 'Revoke e2e-token', exact: true }));
        expect((await api('/api/svc/v1/x/session', { token })).status).toBe(401);

        await navigate(page, 'Audit log');
        await page.getByLabel('Action', { exact: true }).fill('user.invited');
        await page.getByRole('button', { name: 'Apply', exact: true }).click();
        await page.getByRole('row').filter({ hasText: 'user.invited' }).filter({ hasText: NEWBIE }).first().waitFor();
        await check(page, 'audit-log');
      });
    },
    FLOW_TIMEOUT_MS,
  );

  it(
    'e2. an admin opens a user from the list: profile, teams, roles with their origin, tokens and events; revokes their token; the audit log links back',
    async () => {
      const team = await api('/api/svc/v1/teams', {
        method: 'PUT',
        body: JSON.stringify({ manifest: { type: 'team', name: PEOPLE_TEAM, members: [NEWBIE] } }),
      });
      expect(team.status).toBe(201);
      const grant = await api('/api/svc/v1/collaborators', {
        method: 'PUT',
        body: JSON.stringify({
          resourceType: 'workspace',
          resourceId: 'e2e-ws',
          collaborators: [
            { subject: `team:${PEOPLE_TEAM}`, role: 'viewer' },
            { subject: `user:${NEWBIE}`, role: 'admin' },
          ],
        }),
      });
      expect(grant.status).toBe(200);

      await inWindow('user-page-token', async (page) => {
        await signInWithPassword(page, consoleUrl(), 'globex', NEWBIE, NEWBIE_NEW_PASSWORD);
        await heading(page, 'Users');
        await navigate(page, 'Personal access tokens');
        await page.getByLabel('Name', { exact: true }).fill('newbie-cli');
        await page.getByRole('button', { name: 'Create token', exact: true }).click();
        await page.getByRole('button', { name: 'Revoke newbie-cli', exact: true }).waitFor();
      });

      await inWindow('user-page', async (page) => {
        await signInAsAdmin(page);
        await userRow(page, NEWBIE).getByRole('link', { name: NEWBIE, exact: true }).click();
        await heading(page, NEWBIE);
        expect(new URL(page.url()).pathname).toBe(`/users/${(await userByEmail(NEWBIE))!.id}`);
        const section = (name: string) => page.getByRole('region', { name });
        await section('Profile').getByText('Invited by an admin', { exact: true }).waitFor();
        await section('Teams').getByRole('row').filter({ hasText: PEOPLE_TEAM }).waitFor();
        const roles = section('Resource roles');
        await roles
          .getByRole('row')
          .filter({ hasText: `Team ${PEOPLE_TEAM}` })
          .filter({ hasText: 'viewer' })
          .waitFor();
        await roles.getByRole('row').filter({ hasText: 'Direct' }).filter({ hasText: 'admin' }).waitFor();
        await section('Recent events').getByRole('row').filter({ hasText: 'user.invited' }).waitFor();
        await section('Recent events').getByRole('row').filter({ hasText: 'user.deactivated' }).getByText('1 change').click();
        await section('Recent events').getByRole('rowheader', { name: 'active' }).first().waitFor();
        await check(page, 'user-page');

        await page.getByRole('button', { name: 'Revoke newbie-cli', exact: true }).click();
        const revoke = dialog(page, `Revoke newbie-cli of ${NEWBIE}?`);
        await check(page, 'user-page-revoke-token-dialog', 'dialog');
        await revoke.getByRole('button', { name: 'Revoke', exact: true }).click();
        await waitUntilGone(page.getByRole('button', { name: 'Revoke newbie-cli', exact: true }));
        const left = await api(`/api/svc/v1/personal-access-tokens?email=${encodeURIComponent(NEWBIE)}`);
        expect(((await left.json()) as { data: unknown[] }).data).toEqual([]);

        await page.getByRole('button', { name: `Actions for ${NEWBIE}`, exact: true }).waitFor();

        await navigate(page, 'Audit log');
        await page.getByLabel('Action', { exact: true }).fill('user.invited');
        await page.getByRole('button', { name: 'Apply', exact: true }).click();
        const row = page.getByRole('row').filter({ hasText: 'user.invited' }).filter({ hasText: NEWBIE }).first();
        await row.getByRole('link', { name: NEWBIE, exact: true }).click();
        await heading(page, NEWBIE);
      });
    },
    FLOW_TIMEOUT_MS,
  );

  // Locally the sign-in client is the demo IdP itself (cognito-local has no federation), so the session the
  // callback hands over is the IdP's ID token, which the API takes as a credential of the tenant whose sign-in
  // client issued it (in AWS the Cognito pool sits between and the token is the pool's). A person the tenant
  // refuses reads why on the sign-in page.
  it(
    'f. an invited person signs in with SSO through the demo OIDC provider and lands signed in on Users; a stranger is refused with the reason',
    async () => {
      const invited = await api('/api/svc/v1/users/invite', {
        method: 'POST',
        body: JSON.stringify({ email: ADA, acceptInviteClientUrl: `${consoleUrl()}/accept-invite` }),
      });
      expect(invited.status).toBe(201);
      const loginUrl = `${stack.file.apiUrl}/auth/globex/login`;
      await inWindow('sso', async (page) => {
        const visited: string[] = [];
        const requested: string[] = [];
        page.on('framenavigated', (frame) => {
          if (frame === page.mainFrame()) visited.push(frame.url());
        });
        page.on('request', (request) => {
          if (request.isNavigationRequest() && request.frame() === page.mainFrame()) requested.push(request.url());
        });
        await page.goto(`${consoleUrl()}/sign-in?tenant=globex`);
        await heading(page, 'Sign in');
        await page.getByRole('button', { name: 'Sign in with SSO', exact: true }).click();
        await page.getByRole('heading', { name: 'Demo identity provider' }).waitFor();
        // SSO starts at the API's own login URL (where the callback returns), not through the console's origin.
        // With the nonce this tab keeps, which the callback hands back beside the session.
        const started = requested.find((url) => url.startsWith(`${loginUrl}?returnTo=%2Fusers&consoleNonce=`));
        expect(started, requested.join('\n')).toBeDefined();
        await screenshot(page, 'demo-idp');
        await page.getByRole('button', { name: /Ada Lovelace/ }).click();

        await expectEventually(async () => visited.some((url) => url.startsWith(`${consoleUrl()}/users#`)));
        const landed = new URL(visited.find((url) => url.startsWith(`${consoleUrl()}/users#`))!);
        const fragment = new URLSearchParams(landed.hash.slice(1));
        expect(fragment.get('tenant_id')).toBe('globex');
        expect(fragment.get('token_type')).toBe('Bearer');
        expect(fragment.get('id_token')?.split('.')).toHaveLength(3);
        expect(fragment.get('console_nonce')).toBe(new URL(started!).searchParams.get('consoleNonce'));
        // The console takes the session out of the address bar at once, and the API accepts it: Users, as Ada, a member.
        await expectEventually(async () => new URL(page.url()).hash === '');
        await heading(page, 'Users');
        expect(new URL(page.url()).pathname).toBe('/users');
        await page.getByText(`${ADA} · Member`, { exact: true }).waitFor();
        await userRow(page, ADA).waitFor();
        await check(page, 'sso-signed-in');
        // Signing in through SSO accepted the invite.
        expect((await userByEmail(ADA))?.metadata.inviteAccepted).toBe(true);
      });

      await inWindow('sso-refused', async (page) => {
        const visited: string[] = [];
        page.on('framenavigated', (frame) => {
          if (frame === page.mainFrame()) visited.push(frame.url());
        });
        await page.goto(`${consoleUrl()}/sign-in?tenant=globex`);
        await heading(page, 'Sign in');
        await page.getByRole('button', { name: 'Sign in with SSO', exact: true }).click();
        await page.getByRole('heading', { name: 'Demo identity provider' }).waitFor();
        await page.getByRole('button', { name: /Alan Turing/ }).click();

        const message = 'Your account has not been provisioned for Globex. Ask your administrator.';
        await page.getByRole('alert').filter({ hasText: message }).waitFor();
        await heading(page, 'Sign in');
        const landed = new URL(visited.find((url) => url.startsWith(`${consoleUrl()}/sign-in#`))!);
        expect(Object.fromEntries(new URLSearchParams(landed.hash.slice(1)))).toEqual({
          error: message,
          error_code: 'signin.not_provisioned',
          tenant_id: 'globex',
        });
        // The refusal leaves the address bar at once; the organization stays chosen, ready to try again.
        await expectEventually(async () => new URL(page.url()).hash === '');
        expect(new URL(page.url()).pathname).toBe('/sign-in');
        await page.getByRole('button', { name: 'Sign in with SSO', exact: true }).waitFor();
        await check(page, 'sign-in-sso-refused');
        expect(await userByEmail(ALAN)).toBeUndefined();
        const audit = await api(`/api/svc/v1/audit-logs?action=sign_in.refused&subjectSlug=${encodeURIComponent(ALAN)}`);
        const { data } = (await audit.json()) as { data: Array<{ details?: { reason?: string; trigger?: string } }> };
        expect(data.map((e) => e.details)).toEqual([expect.objectContaining({ reason: 'not_provisioned', trigger: 'callback' })]);
      });

      // A link that hands over someone else's credential (here the admin's PAT) signs no one in: this tab started no sign-in.
      await inWindow('sso-handoff-refused', async (page) => {
        await page.goto(`${consoleUrl()}/users#id_token=${globex().adminToken}&token_type=Bearer&tenant_id=globex`);
        await page.getByRole('alert').filter({ hasText: 'This sign-in was not started from this window, so it was not used. Sign in again.' }).waitFor();
        await heading(page, 'Sign in');
        await expectEventually(async () => new URL(page.url()).hash === '');
        expect(new URL(page.url()).pathname).toBe('/sign-in');
        expect(await page.evaluate('sessionStorage.getItem("provisioning-console.session")')).toBeNull();
      });
    },
    FLOW_TIMEOUT_MS,
  );

  it(
    'g. the admin switches to SCIM provisioning, generates and rotates the SCIM token; the old token stops working; the health section counts the SCIM calls',
    async () => {
      await inWindow('provisioning', async (page) => {
        await signInAsAdmin(page);
        await navigate(page, 'Provisioning');
        const modes = page.getByRole('radiogroup', { name: 'Provisioning mode' });
        expect(await modes.getByRole('radio', { name: 'Invite-only', exact: true }).isChecked()).toBe(true);
        await modes.getByRole('radio', { name: 'SCIM', exact: true }).check();
        await page.getByRole('button', { name: 'Save', exact: true }).click();
        // Not /scim/: the SCIM base URL's copy hint is a status region too, there before the save answers.
        await waitForStatus(page, 'Provisioning mode is now SCIM.');
        const settings = (await (await api('/api/svc/v1/provisioning')).json()) as { mode: string };
        expect(settings.mode).toBe('scim');
        // The capability matrix: a real table with a column per mode.
        const matrix = page.getByRole('table').filter({ has: page.getByRole('columnheader', { name: 'Just-in-time' }) });
        await matrix.waitFor();
        const scimUrl = `${stack.file.apiUrl}/scim/v2/globex`;
        expect(await page.getByLabel('SCIM base URL', { exact: true }).inputValue()).toBe(scimUrl);
        await check(page, 'provisioning');

        await page.getByRole('button', { name: 'Generate token', exact: true }).click();
        const first = await page.getByLabel('New SCIM token', { exact: true }).inputValue();
        expect(first).toMatch(/^prv_scim_/);
        await page.getByRole('button', { name: 'Copy', exact: true }).waitFor();
        expect((await fetch(`${scimUrl}/Users`, { headers: { authorization: `Bearer ${first}` } })).status).toBe(200);
        await check(page, 'provisioning-token');

        await page.getByRole('button', { name: 'Rotate token', exact: true }).click();
        const rotate = dialog(page, /rotate/i);
        await check(page, 'provisioning-rotate-dialog', 'dialog');
        await rotate.getByRole('button', { name: 'Rotate token', exact: true }).click();
        const shown = page.getByLabel('New SCIM token', { exact: true });
        await expectEventually(async () => (await shown.inputValue()) !== first);
        const second = await shown.inputValue();
        expect(second).toMatch(/^prv_scim_/);
        // Rotated without a grace period: the previous token ends at once.
        expect((await fetch(`${scimUrl}/Users`, { headers: { authorization: `Bearer ${first}` } })).status).toBe(401);
        expect((await fetch(`${scimUrl}/Users`, { headers: { authorization: `Bearer ${second}` } })).status).toBe(200);

        // Provisioning health: the SCIM calls of this flow, counted as the service works. The two lists with a
        // working token and a miss are counted by the SCIM routes, the create by the health stream consumer; the
        // refused token tells no tenant, so it counts for none.
        const scimHeaders = { authorization: `Bearer ${second}`, 'content-type': 'application/scim+json' };
        expect((await fetch(`${scimUrl}/Users/not-a-user`, { headers: scimHeaders })).status).toBe(404);
        const created = await fetch(`${scimUrl}/Users`, {
          method: 'POST',
          headers: scimHeaders,
          body: JSON.stringify({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: 'health@globex.example' }),
        });
        expect(created.status).toBe(201);
        type Health = { scim: { totals: { requests: number; errors: number }; users: number } };
        const health = async () => (await (await api('/api/svc/v1/provisioning/health')).json()) as Health;
        await expectEventually(async () => (await health()).scim.totals.requests === 4, 30_000);
        expect((await health()).scim.totals).toEqual({ requests: 4, errors: 1 });
        await page.reload();
        const section = page.getByRole('region', { name: 'Provisioning health' });
        await section.getByText('SCIM requests and errors per hour, last 7 days: 4 requests, 1 error.').waitFor();
        expect(await section.locator('.traffic-chart-canvas canvas').count()).toBeGreaterThan(0);
        const users = (await health()).scim.users;
        expect(await section.locator('dt:text-is("Users under SCIM") + dd').innerText()).toBe(String(users));
        const errors = section.getByRole('table', { name: 'Latest SCIM errors, newest first' });
        await errors.getByRole('cell', { name: 'GET /scim/v2/globex/Users/not-a-user' }).waitFor();
        expect(await errors.getByRole('row').count()).toBe(2);
        // Flow f's sign-ins: Ada through single sign-on, Alan refused.
        expect(await section.locator('dt:text-is("Last single sign-on") + dd').innerText()).toMatch(/^ada@demo\.example, single sign-on, /);
        expect(await section.locator('dt:text-is("Last refused sign-in") + dd').innerText()).toMatch(
          /^alan@demo\.example, single sign-on: not provisioned in this tenant, /,
        );
        await section.getByText('Figures by hour').click();
        await section.getByRole('table', { name: 'SCIM requests and errors by hour, hours with traffic only' }).waitFor();
        await section.scrollIntoViewIfNeeded();
        await check(page, 'provisioning-health');
      });
    },
    FLOW_TIMEOUT_MS,
  );
  it(
    'h. the admin adds a webhook endpoint (secret shown once), sends a test event that a receiver verifies, rotates the secret and redelivers from the log',
    async () => {
      const receiver = await startReceiver();
      try {
        await inWindow('webhooks', async (page) => {
          await signInAsAdmin(page);
          await navigate(page, 'Webhooks');
          await check(page, 'webhooks-empty');
          await page.getByRole('button', { name: 'Add endpoint', exact: true }).click();
          const add = dialog(page, 'Add a webhook endpoint');
          await add.getByLabel('Endpoint URL').fill(receiver.url);
          await add.getByLabel('Description').fill('e2e receiver');
          await add.getByLabel('Send every event type, including future ones').uncheck();
          await add.getByLabel('user.deactivated', { exact: true }).check();
          await check(page, 'webhooks-add-dialog', 'dialog');
          await add.getByRole('button', { name: 'Add endpoint', exact: true }).click();
          const secret = await page.getByLabel(`Signing secret of ${receiver.url}`, { exact: true }).inputValue();
          expect(secret).toMatch(/^whsec_/);
          receiver.secrets = [secret];
          await check(page, 'webhooks-secret');

          await rowAction(page, receiver.url, 'Send test event');
          await waitForStatus(page, /Test event sent/);
          await receiver.waitFor((m) => m.length >= 1, 30_000);
          expect(receiver.received[0]).toMatchObject({ verifiedBy: 0, payload: { type: 'webhook.test' } });
          await page.getByRole('heading', { name: `Deliveries to ${receiver.url}` }).waitFor();
          await expectEventually(async () => {
            await page.getByRole('button', { name: 'Refresh', exact: true }).click();
            return (await page.getByRole('cell', { name: 'delivered', exact: true }).count()) > 0;
          });
          await check(page, 'webhooks-deliveries');

          await rowAction(page, receiver.url, 'Rotate secret');
          const rotate = dialog(page, 'Rotate the signing secret?');
          await check(page, 'webhooks-rotate-dialog', 'dialog');
          await rotate.getByRole('button', { name: 'Rotate secret', exact: true }).click();
          await waitForStatus(page, /Both secrets sign until/);
          const rotated = await page.getByLabel(`Signing secret of ${receiver.url}`, { exact: true }).inputValue();
          expect(rotated).not.toBe(secret);
          receiver.secrets = [rotated];

          await page
            .getByRole('button', { name: /^Redeliver webhook\.test/ })
            .first()
            .click();
          await waitForStatus(page, /queued again/);
          await receiver.waitFor((m) => m.length >= 2, 30_000);
          // The same message id, now signed with both secrets: the new one verifies it.
          expect(receiver.received[1]).toMatchObject({ id: receiver.received[0]!.id, verifiedBy: 0 });
          expect(receiver.received[1]!.signature.split(' ')).toHaveLength(2);
          const listed = (await (await api('/api/svc/v1/webhooks')).json()) as { data: Array<{ url: string; description: string; eventTypes: string[] }> };
          expect(listed.data).toEqual([expect.objectContaining({ url: receiver.url, description: 'e2e receiver', eventTypes: ['user.deactivated'] })]);
          expect(JSON.stringify(listed)).not.toContain(secret.slice(6));
        });
      } finally {
        await receiver.close();
      }
    },
    FLOW_TIMEOUT_MS,
  );
});

describe('the sign-in page on a first visit', () => {
  it(
    "i. opens on the README's first tenant; an address its pool does not know asks for the right organization, the same for another tenant's admin and for nobody; its own admin signs in",
    async () => {
      const acme = stack.file.tenants[0]!;
      expect(acme.id).toBe('acme');
      await inWindow('sign-in-first-visit', async (page) => {
        await page.goto(`${consoleUrl()}/sign-in`);
        await heading(page, 'Sign in');
        await page.getByText('Organization acme').waitFor();
        const expected = 'No such user in Acme Corp; is this the right organization?';
        // The pool's answer and the message, for globex's admin (real password) and for an address of no tenant.
        const refusals: Array<{ status: number; body: string; shown: string }> = [];
        for (const [email, password] of [
          [globex().adminEmail, globex().adminPassword!],
          ['nobody-anywhere@nowhere.example', 'Some-Password-123'],
        ] as const) {
          await page.getByLabel('Email', { exact: true }).fill(email);
          await page.getByLabel('Password', { exact: true }).fill(password);
          const [response] = await Promise.all([
            page.waitForResponse((r) => r.request().headers()['x-amz-target'] === 'AWSCognitoIdentityProviderService.InitiateAuth'),
            page.getByRole('button', { name: 'Sign in', exact: true }).click(),
          ]);
          const alert = page.getByRole('alert').filter({ hasText: expected });
          await alert.waitFor();
          refusals.push({ status: response.status(), body: await response.text(), shown: await alert.innerText() });
          await check(page, 'sign-in-unknown-address');
        }
        expect(refusals[0]).toEqual(refusals[1]);
        expect(refusals[0]).toMatchObject({ status: 400, shown: expected });

        await page.getByLabel('Email', { exact: true }).fill(acme.adminEmail);
        await page.getByLabel('Password', { exact: true }).fill(acme.adminPassword!);
        await page.getByRole('button', { name: 'Sign in', exact: true }).click();
        await heading(page, 'Users');
        await userRow(page, acme.adminEmail).waitFor();
      });
    },
    FLOW_TIMEOUT_MS,
  );
});

/** Shows everyone on the Users page, deactivated users too. */
async function showDeactivated(page: Page): Promise<void> {
  await page.getByLabel('Status', { exact: true }).selectOption({ label: 'Everyone' });
}

async function waitUntilGone(locator: ReturnType<Page['locator']>): Promise<void> {
  await locator.first().waitFor({ state: 'detached' });
}

async function expectEventually(probe: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
