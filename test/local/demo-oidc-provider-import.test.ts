/**
 * Unit: starting the demo IdP prints nothing, on every Node release the README
 * supports. The `oidc-provider` package index warns "Use Node.js v22.x LTS" on
 * Node 20, and its default adapter warns on every start, so each command that
 * ran the demo IdP (npm start, the sign-in tests) printed both;
 * infra/local/demo-oidc-provider.ts imports the class from its own module and
 * gives each provider an in-memory store of its own.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../infra/repo-root.js';

describe('the demo OIDC provider', () => {
  // A Node child compiling the module with tsx: about two seconds on an idle machine, far more on a saturated one.
  it('loads, starts and stops without writing anything to stdout or stderr', { timeout: 120_000 }, async () => {
    const { stdout, stderr } = await promisify(execFile)(
      process.execPath,
      [
        '--import',
        'tsx',
        '--input-type=module',
        '--eval',
        "const { startDemoOidcProvider } = await import('./infra/local/demo-oidc-provider.ts'); await (await startDemoOidcProvider({ clients: [] })).close();",
      ],
      { cwd: REPO_ROOT },
    );
    expect({ stdout, stderr }).toEqual({ stdout: '', stderr: '' });
  });
});
