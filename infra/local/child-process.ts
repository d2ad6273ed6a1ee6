/**
 * Child processes of the local stack (DynamoDB Local's JVM, cognito-local) that
 * must never outlive it: each is stopped with SIGTERM (SIGKILL after a grace
 * period) on shutdown, and killed outright if the parent exits any other way.
 * Output goes to a log file or a short in-memory tail, so a pipe never fills up
 * and blocks the child, and a failed start can say why.
 */
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';

const TAIL_LINES = 40;
const STOP_GRACE_MS = 5_000;
const live = new Set<ChildProcess>();
let exitHookInstalled = false;

/** A supervised child: its recent output and a way to stop it. */
export interface ManagedChild {
  readonly name: string;
  readonly process: ChildProcess;
  /** The child's last lines of output, for error messages. */
  tail(): string;
  /** Resolves once the child has exited. */
  readonly exited: Promise<number | null>;
  stop(): Promise<void>;
}

/** Takes ownership of a spawned child (spawned with `stdio: 'pipe'`). */
export function manageChild(name: string, child: ChildProcess, logFile?: string): ManagedChild {
  installExitHook();
  live.add(child);
  const lines: string[] = [];
  const log = logFile ? fs.createWriteStream(logFile, { flags: 'a' }) : undefined;
  const collect = (chunk: Buffer) => {
    log?.write(chunk);
    lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    if (lines.length > TAIL_LINES) lines.splice(0, lines.length - TAIL_LINES);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const exited = new Promise<number | null>((resolve) => {
    child.once('exit', (code) => {
      live.delete(child);
      log?.end();
      resolve(code);
    });
    child.once('error', (error) => {
      lines.push(String(error));
      live.delete(child);
      resolve(null);
    });
  });

  return {
    name,
    process: child,
    tail: () => lines.join('\n'),
    exited,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null || !live.has(child)) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Last resort for an abrupt exit (an uncaught error): `exit` handlers cannot wait, so SIGKILL. */
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const child of live) child.kill('SIGKILL');
  });
}
