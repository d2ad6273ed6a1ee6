/**
 * `npm test`: lint, type check and every test tier, at the same time. Alone,
 * each checker keeps one core busy for a minute while the other idles; beside
 * the tests they fill the gaps the tests leave while they wait on DynamoDB Local
 * and the emulators. The browser tests run in a vitest of their own beside the
 * rest: they spend most of their two minutes waiting on Chromium and the local
 * stack, and in the shared pool they held one of its two workers all that time.
 * The other tests print as they go; the checkers' and the browser tests' output
 * is held and printed after them, each under its name, so nothing interleaves.
 * Exits non-zero if any of them failed, after all have finished.
 *
 * Arguments go to vitest (`npm test -- test/scim` lints and type-checks all,
 * and runs only those tests, in one vitest).
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { REPO_ROOT } from '../infra/repo-root.js';
import { E2E_PROJECT } from '../test/setup/projects.js';

interface Outcome {
  name: string;
  code: number;
  seconds: number;
  output: string;
}

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

function run(name: string, command: string, args: string[], options: { inherit: boolean }): Promise<Outcome> {
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: REPO_ROOT, stdio: options.inherit ? 'inherit' : ['ignore', 'pipe', 'pipe'], env: process.env });
    const chunks: Buffer[] = [];
    child.stdout?.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.stderr?.on('data', (chunk: Buffer) => chunks.push(chunk));
    const finish = (code: number) => resolve({ name, code, seconds: (performance.now() - started) / 1000, output: Buffer.concat(chunks).toString('utf8') });
    child.on('error', (error) => {
      chunks.push(Buffer.from(`${error.message}\n`));
      finish(127);
    });
    child.on('close', (code, signal) => finish(code ?? (signal ? 128 : 1)));
  });
}

const vitest = path.join(REPO_ROOT, 'node_modules', '.bin', 'vitest');
const vitestArgs = process.argv.slice(2);
/**
 * The checkers run niced where `nice` exists: the tests are the longest part of the
 * run, so the checkers take the CPU the tests leave rather than a share of it.
 */
const checker = (name: string, script: string) =>
  process.platform === 'win32'
    ? run(name, npm, ['run', '--silent', script], { inherit: false })
    : run(name, 'nice', ['-n', '10', npm, 'run', '--silent', script], { inherit: false });
const checks = [checker('lint', 'lint'), checker('typecheck', 'typecheck')];
// The whole suite: the browser tests in a vitest of their own, so their waits on the browser hold none of the other tiers' workers.
const held = vitestArgs.length === 0 ? [...checks, run('browser tests', vitest, ['run', '--project', E2E_PROJECT], { inherit: false })] : checks;
const tests = await run('tests', vitest, ['run', ...(vitestArgs.length === 0 ? ['--project', `!${E2E_PROJECT}`] : vitestArgs)], { inherit: true });
const outcomes = [...(await Promise.all(held)), tests];

for (const outcome of outcomes.slice(0, -1)) {
  if (outcome.code !== 0 || outcome.output.trim()) {
    console.log(`\n── ${outcome.name} ${outcome.code === 0 ? 'passed' : `FAILED (exit ${outcome.code})`} ──\n${outcome.output.trimEnd()}`);
  }
}
console.log(`\n${outcomes.map((o) => `${o.name} ${o.code === 0 ? 'passed' : 'FAILED'} (${o.seconds.toFixed(0)} s)`).join(', ')}`);
process.exitCode = outcomes.some((o) => o.code !== 0) ? 1 : 0;
