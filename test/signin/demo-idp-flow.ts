/**
 * A whole browser sign-in through the demo OIDC provider, as a person does it:
 * the tenant's login URL, the IdP's page (skipped while the browser still has a
 * session there), the callback; returns the ID token the callback hands over
 * (in the console fragment of a tenant with a console, in the JSON otherwise).
 */
import { expect } from 'vitest';
import { SignedInResponse } from '../../shared/signin/sign-in-schemas.js';
import type { TestBrowser } from './browser.js';

export async function signInThroughDemoIdp(browser: TestBrowser, gatewayUrl: string, tenantId: string, person: string): Promise<string> {
  const callback = await callbackThroughDemoIdp(browser, gatewayUrl, tenantId, person);
  if (callback.status === 303) {
    const location = new URL(callback.headers.get('location')!);
    const token = new URLSearchParams(location.hash.slice(1)).get('id_token');
    expect(token, location.toString()).toBeTruthy();
    return token!;
  }
  const body: unknown = await callback.json();
  expect(callback.status, JSON.stringify(body)).toBe(200);
  return SignedInResponse.parse(body).session.idToken;
}

/** The same flow up to the callback's own answer: a session, or the refusal of the person. `loginQuery` is appended to the login URL. */
export async function callbackThroughDemoIdp(browser: TestBrowser, gatewayUrl: string, tenantId: string, person: string, loginQuery = ''): Promise<Response> {
  const login = await browser.request(`${gatewayUrl}/auth/${tenantId}/login${loginQuery}`);
  expect(login.status).toBe(302);
  const atCallback = (url: string) => url.startsWith(gatewayUrl);
  let { url, response } = await browser.follow(login.headers.get('location')!, atCallback);
  if (response) {
    const page = await response.text();
    expect(response.status, page).toBe(200);
    const action = new URL(/action="([^"]+)"/.exec(page)![1]!, url).toString();
    const submitted = await browser.request(action, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ person }).toString(),
    });
    expect(submitted.status).toBe(303);
    ({ url, response } = await browser.follow(new URL(submitted.headers.get('location')!, action).toString(), atCallback));
    expect(response).toBeUndefined();
  }
  return browser.request(url);
}
