/** Unit: which Chromium the browser tests launch, and what they say when there is none. */
import { describe, expect, it } from 'vitest';
import { chromiumPath } from './support/browser.js';

const only =
  (...present: string[]) =>
  (path: string) =>
    present.includes(path);

describe("the browser tests' Chromium", () => {
  it('is CHROMIUM_PATH when it is set and exists, even beside a Debian install', () => {
    expect(chromiumPath({ CHROMIUM_PATH: '/opt/chrome/chrome' }, only('/opt/chrome/chrome', '/usr/bin/chromium'))).toBe('/opt/chrome/chrome');
  });

  it('refuses a CHROMIUM_PATH that does not exist rather than falling back', () => {
    expect(() => chromiumPath({ CHROMIUM_PATH: '/nowhere/chrome' }, only('/usr/bin/chromium'))).toThrow('CHROMIUM_PATH=/nowhere/chrome does not exist');
  });

  it("is Debian's when CHROMIUM_PATH is unset or empty", () => {
    expect(chromiumPath({}, only('/usr/bin/chromium'))).toBe('/usr/bin/chromium');
    expect(chromiumPath({ CHROMIUM_PATH: '' }, only('/usr/bin/chromium'))).toBe('/usr/bin/chromium');
  });

  it('says how to install one or point at one when there is none', () => {
    expect(() => chromiumPath({}, only())).toThrow(/apt-get install chromium .*set CHROMIUM_PATH/);
  });
});
