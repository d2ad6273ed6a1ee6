/**
 * Debian's Chromium driven by playwright-core, headless, for the end-to-end
 * tests, with the two checks every page gets: a screenshot saved under
 * `test/artifacts/` and an axe-core run that fails on serious or critical
 * violations. Every page also records script errors and CSP refusals, which
 * the tests assert are none: the console must work under its own CSP.
 */
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { REPO_ROOT } from '../../../infra/repo-root.js';

/** Debian's package puts Chromium here; elsewhere `CHROMIUM_PATH` names the binary. */
const DEBIAN_CHROMIUM = '/usr/bin/chromium';
export const ARTIFACTS_DIR = path.join(REPO_ROOT, 'test', 'artifacts');
const AXE_SOURCE = path.join(REPO_ROOT, 'node_modules', 'axe-core', 'axe.min.js');

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  // The tests open only the console and the demo IdP: a renderer per site and a GPU process of
  // its own would cost CPU (about 10 of the browser's 80 CPU-s over the file) and protect nothing.
  '--disable-features=site-per-process,IsolateOrigins,Translate,OptimizationHints,MediaRouter',
  '--disable-site-isolation-trials',
  '--in-process-gpu',
];

/**
 * The Chromium binary: `CHROMIUM_PATH` when set, else Debian's. Playwright's own
 * browser download is never used (this machine's network is closed), so a missing
 * binary is an error that says how to get one rather than an obscure launch failure.
 */
export function chromiumPath(environment: NodeJS.ProcessEnv = process.env, exists: (path: string) => boolean = fs.existsSync): string {
  const configured = environment.CHROMIUM_PATH;
  if (configured !== undefined && configured !== '') {
    if (!exists(configured)) throw new Error(`CHROMIUM_PATH=${configured} does not exist: point it at a Chromium or Chrome binary`);
    return configured;
  }
  if (exists(DEBIAN_CHROMIUM)) return DEBIAN_CHROMIUM;
  throw new Error(
    `The console's browser tests need Chromium: on Debian or Ubuntu, apt-get install chromium (.ci/run does); ` +
      `elsewhere set CHROMIUM_PATH to a Chromium or Chrome binary`,
  );
}

/** Headless Chromium; Playwright gives every launch a fresh temporary profile (its own `--user-data-dir`). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath(), headless: true, args: CHROMIUM_ARGS });
}

/** Script errors and CSP refusals seen by the pages of a context. */
export interface PageProblems {
  readonly list: string[];
}

/** A fresh browser context (its own storage, as a new browser window) that records page problems. */
export async function newContext(browser: Browser): Promise<{ context: BrowserContext; page: Page; problems: PageProblems }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const problems: PageProblems = { list: [] };
  context.on('page', (page) => watch(page, problems));
  const page = await context.newPage();
  return { context, page, problems };
}

function watch(page: Page, problems: PageProblems): void {
  page.on('pageerror', (error) => problems.list.push(`page error on ${page.url()}: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy/i.test(message.text())) problems.list.push(`CSP on ${page.url()}: ${message.text()}`);
  });
}

/** Saves a full-page screenshot as `test/artifacts/<name>.png`. */
export async function screenshot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(ARTIFACTS_DIR, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS_DIR, `${name}.png`), fullPage: true });
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: string[]; failureSummary?: string }>;
}

/**
 * Serious and critical axe-core violations of the page, or of the part matched
 * by `selector` (an open dialog). axe is evaluated through the DevTools
 * protocol rather than added as a `<script>` element: the console's CSP
 * (`script-src 'self'`) rightly refuses inline scripts, and it stays on.
 */
export async function seriousViolations(page: Page, selector?: string): Promise<string[]> {
  const loaded = await page.evaluate(() => typeof (globalThis as { axe?: unknown }).axe !== 'undefined');
  if (!loaded) await page.evaluate(fs.readFileSync(AXE_SOURCE, 'utf8'));
  const violations = await page.evaluate(async (scope) => {
    const axe = (globalThis as unknown as { axe: { run(context: unknown, options: unknown): Promise<{ violations: AxeViolation[] }> } }).axe;
    const result = await axe.run(scope ? { include: [scope] } : (globalThis as unknown as { document: unknown }).document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target, failureSummary: n.failureSummary })),
    }));
  }, selector ?? null);
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.impact} ${v.id}: ${v.help} — ${v.nodes.map((n) => `${n.target.join(' ')}${n.failureSummary ? ` (${n.failureSummary.replace(/\s+/g, ' ')})` : ''}`).join('; ')}`,
    );
}
