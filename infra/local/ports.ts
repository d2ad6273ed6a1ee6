/**
 * The local stack's ports: fixed defaults so URLs stay the same between runs,
 * each overridable by an environment variable when a port is taken.
 */
import net from 'node:net';

export interface LocalPorts {
  gateway: number;
  dynamodb: number;
  ses: number;
  cognito: number;
  lambda: number;
  oidc: number;
  console: number;
}

const DEFAULTS: Record<keyof LocalPorts, [variable: string, port: number]> = {
  gateway: ['GATEWAY_PORT', 3000],
  dynamodb: ['DYNAMODB_PORT', 8000],
  ses: ['SES_PORT', 8005],
  cognito: ['COGNITO_PORT', 9229],
  lambda: ['LAMBDA_PORT', 3002],
  oidc: ['OIDC_PORT', 3003],
  console: ['CONSOLE_PORT', 3004],
};

/** The ports to use, after environment overrides; throws on a value that is not a port. */
export function localPorts(environment: NodeJS.ProcessEnv = process.env): LocalPorts {
  const ports = {} as LocalPorts;
  for (const [service, [variable, fallback]] of Object.entries(DEFAULTS) as Array<[keyof LocalPorts, [string, number]]>) {
    const raw = environment[variable];
    const port = raw === undefined || raw === '' ? fallback : Number(raw);
    if (!Number.isInteger(port) || port < 1 || port > 65_535) throw new Error(`${variable}=${raw} is not a port number`);
    ports[service] = port;
  }
  return ports;
}

/**
 * Fails with the variable to change when a port is taken. Checked on all
 * interfaces because DynamoDB Local binds them all; without this check a
 * leftover instance on the port would silently answer in place of ours.
 */
export async function assertPortsFree(ports: LocalPorts): Promise<void> {
  for (const [service, port] of Object.entries(ports) as Array<[keyof LocalPorts, number]>) {
    const free = await new Promise<boolean>((resolve) => {
      const probe = net.createServer();
      probe.once('error', () => resolve(false));
      probe.listen(port, () => probe.close(() => resolve(true)));
    });
    if (!free) throw new Error(`Port ${port} (${service}) is in use; stop what holds it or set ${DEFAULTS[service][0]}`);
  }
}
