/**
 * `npm run typecheck`: the service's project and the console's, built with
 * `tsc -b` (tsconfig.check.json, console/tsconfig.check.json). When no file of a
 * project has changed since its last check, tsc compares file times and stops,
 * where a fresh program would parse the 5,000 declaration files that the CDK and
 * the AWS SDK bring, some 15 CPU-seconds each time.
 *
 * tsc -b does not look into node_modules, so an install that changed a
 * dependency's types would leave the last result standing: both are rebuilt
 * whenever npm's record of the installed packages has changed since the last
 * check.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { REPO_ROOT } from '../infra/repo-root.js';

const PROJECTS = ['tsconfig.check.json', 'console/tsconfig.check.json'];
const TSC = path.join(REPO_ROOT, 'node_modules', 'typescript', 'bin', 'tsc');

/** npm rewrites node_modules/.package-lock.json on every install that changes node_modules. */
function installedPackages(root: string): string {
  const record = path.join(root, 'node_modules', '.package-lock.json');
  return createHash('sha256')
    .update(fs.readFileSync(fs.existsSync(record) ? record : path.join(root, 'package-lock.json')))
    .digest('hex');
}

/**
 * Builds `projects` of `root` with `tsc -b`, forced when the installed packages
 * changed; returns tsc's exit status and what it printed.
 */
export function typecheck(root: string, projects: readonly string[]): { status: number; output: string } {
  const cache = path.join(root, 'node_modules', '.cache', 'tsc');
  const checkedPackages = path.join(cache, 'checked-packages.sha256');
  const packages = installedPackages(root);
  const packagesChanged = !fs.existsSync(checkedPackages) || fs.readFileSync(checkedPackages, 'utf8') !== packages;
  const args = ['-b', ...projects, ...(packagesChanged ? ['--force'] : [])];
  const result = spawnSync(process.execPath, [TSC, ...args], { cwd: root, encoding: 'utf8' });
  fs.mkdirSync(cache, { recursive: true });
  fs.writeFileSync(checkedPackages, packages);
  return { status: result.status ?? 1, output: `${result.stdout}${result.stderr}` };
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const { status, output } = typecheck(REPO_ROOT, PROJECTS);
  process.stdout.write(output);
  process.exitCode = status === 0 ? 0 : 1;
}
