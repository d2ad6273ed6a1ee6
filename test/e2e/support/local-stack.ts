/**
 * `npm start -- --in-memory` as a child process, for the end-to-end tests: every
 * port on a free one and `LOCAL_DIR` in a temporary directory, so a developer's
 * running stack and its `.local/` are never touched. Ready when `stack.json`
 * appears (the stack writes it once everything answers).
 *
 * The child leads its own process group (DynamoDB Local's JVM and cognito-local
 * are its children): stopping sends SIGINT to the group, so the stack shuts down
 * as on Ctrl-C, then SIGKILL to whatever is left; an exit of this worker kills
 * the group too, so no process outlives the test file even when it fails.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../../../infra/local/free-port.js';
import { REPO_ROOT } from '../../../infra/repo-root.js';
import type { LocalStackFile } from '../../../infra/local/stack-file.js';
import { TEST_JVM_OPTIONS } from '../../setup/test-jvm.js';

const READY_TIMEOUT_MS = 240_000;
const STOP_GRACE_MS = 15_000;
const PORT_VARIABLES = ['GATEWAY_PORT', 'DYNAMODB_PORT', 'SES_PORT', 'COGNITO_PORT', 'LAMBDA_PORT', 'OIDC_PORT', 'CONSOLE_PORT'] as const;

export interface E2eStack {
  /** What the stack wrote to its `stack.json`. */
  file: LocalStackFile;
  /** The stack's output so far (for failure messages). */
  output(): string;
  stop(): Promise<void>;
}

/** Starts the stack and resolves once it is ready; on any failure stops it and throws with its output. */
export async function startE2eStack(): Promise<E2eStack> {
  const localDir = fs.mkdtempSync(path.join(os.tmpdir(), 'e2e-local-'));
  const ports: Record<string, string> = {};
  for (const variable of PORT_VARIABLES) ports[variable] = String(await freePort());
  const tsx = createRequire(import.meta.url).resolve('tsx/cli');
  const child = spawn(process.execPath, [tsx, 'infra/local/start.ts', '--in-memory'], {
    cwd: REPO_ROOT,
    env: { ...cleanEnvironment(), ...ports, LOCAL_DIR: localDir, LOG_LEVEL: 'WARN' },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const lines: string[] = [];
  const collect = (chunk: Buffer) => {
    lines.push(chunk.toString('utf8'));
    if (lines.length > 400) lines.splice(0, lines.length - 400);
  };
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const killOnExit = () => killGroup(child, 'SIGKILL');
  process.once('exit', killOnExit);

  const stop = async () => {
    process.off('exit', killOnExit);
    if (child.exitCode === null && child.signalCode === null) {
      killGroup(child, 'SIGINT');
      const timer = setTimeout(() => killGroup(child, 'SIGKILL'), STOP_GRACE_MS);
      await exited;
      clearTimeout(timer);
    }
    // The stack's children may still be exiting after the parent; nothing of the group may remain.
    killGroup(child, 'SIGKILL');
    fs.rmSync(localDir, { recursive: true, force: true });
  };

  const stackJson = path.join(localDir, 'stack.json');
  const deadline = Date.now() + READY_TIMEOUT_MS;
  try {
    for (;;) {
      if (fs.existsSync(stackJson)) break;
      if (child.exitCode !== null || child.signalCode !== null) throw new Error(`the stack exited (${child.exitCode ?? child.signalCode}) before it was ready`);
      if (Date.now() > deadline) throw new Error(`the stack was not ready within ${READY_TIMEOUT_MS / 1000} s`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    // Written in one call, but read it only once it parses.
    const file = await readWhenComplete(stackJson);
    return { file, output: () => lines.join(''), stop };
  } catch (error) {
    await stop();
    throw new Error(`${(error as Error).message}\n--- stack output ---\n${lines.join('')}`, { cause: error });
  }
}

/** The worker's environment without what the test setup points at the suite's own emulators. */
function cleanEnvironment(): NodeJS.ProcessEnv {
  const environment = { ...process.env };
  for (const name of Object.keys(environment)) {
    if (name.startsWith('AWS_ENDPOINT_URL') || name === 'TABLE_NAME' || name === 'PUBLIC_API_URL' || name === 'SIGNING_KEY') delete environment[name];
  }
  // vitest's own variables would make tsx or the stack think it runs under test.
  for (const name of ['VITEST', 'VITEST_WORKER_ID', 'VITEST_POOL_ID', 'NODE_ENV', 'TEST']) delete environment[name];
  // The stack's DynamoDB Local is the only JVM it starts; the java launcher reads its options from here.
  environment.JDK_JAVA_OPTIONS = TEST_JVM_OPTIONS.join(' ');
  return environment;
}

async function readWhenComplete(file: string): Promise<LocalStackFile> {
  for (let attempt = 0; ; attempt++) {
    try {
      return JSON.parse(fs.readFileSync(file, 'utf8')) as LocalStackFile;
    } catch (error) {
      if (attempt > 20) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch (error) {
    // ESRCH: the group is gone already.
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
}
