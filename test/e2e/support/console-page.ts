/**
 * What the end-to-end flows do on the console, written against the labels and
 * roles of the console contract (docs/console.md, "Accessibility and test
 * hooks"), never against CSS classes or markup details.
 */
import type { Locator, Page } from 'playwright-core';

/** Waits for the page's one `<h1>`. */
export const heading = (page: Page, name: string) => page.getByRole('heading', { level: 1, name, exact: true }).waitFor();

/** Follows a link of the main navigation and waits for its page. */
export async function navigate(page: Page, link: string, title = link): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: link, exact: true }).click();
  await heading(page, title);
}

/** The sign-in page's password form, for `tenantId`. */
export async function signInWithPassword(page: Page, consoleUrl: string, tenantId: string, email: string, password: string): Promise<void> {
  await page.goto(`${consoleUrl}/sign-in?tenant=${encodeURIComponent(tenantId)}`);
  await heading(page, 'Sign in');
  await page.getByLabel('Email', { exact: true }).fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
}

/** The user table's row of `email`. */
export const userRow = (page: Page, email: string): Locator => page.getByRole('row').filter({ has: page.getByRole('cell', { name: email, exact: true }) });

/** Opens a user's row actions and picks `item`. */
export async function rowAction(page: Page, email: string, item: string): Promise<void> {
  await page.getByRole('button', { name: `Actions for ${email}`, exact: true }).click();
  await page.getByRole('menuitem', { name: item, exact: true }).click();
}

/** The open modal dialog named `name`. */
export const dialog = (page: Page, name: string | RegExp): Locator => page.getByRole('dialog', { name });

/** Text of an element with role="status" or role="alert" once one shows `text`. */
export async function waitForStatus(page: Page, text: string | RegExp): Promise<void> {
  await page.getByRole('status').filter({ hasText: text }).first().waitFor();
}
