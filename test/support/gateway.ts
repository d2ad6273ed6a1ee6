/**
 * HTTP tests start the local gateway in their own process on a free port; it
 * serves the real route table (or the routes a test passes) against this run's
 * DynamoDB Local. `PUBLIC_API_URL` follows the gateway, so links the API returns
 * (SCIM `meta.location`) can be followed.
 */
import { startGateway, type GatewayOptions, type RunningGateway } from '../../infra/local/gateway.js';
import { setTestEnvironment } from '../setup/process-env.js';

export interface TestGateway extends RunningGateway {
  /** `fetch` relative to the gateway, with a bearer token when given. */
  request(path: string, init?: RequestInit & { token?: string }): Promise<Response>;
}

/** Starts a gateway on a free port; call `close()` in `afterAll`. */
export async function startTestGateway(options: Pick<GatewayOptions, 'routes' | 'functionTimeoutSeconds'> = {}): Promise<TestGateway> {
  const gateway = await startGateway({
    port: 0,
    routes: options.routes,
    functionTimeoutSeconds: options.functionTimeoutSeconds,
    // Tests assert on the 500 itself; the handler's stack would only be noise.
    onHandlerError: () => {},
  });
  setTestEnvironment({ PUBLIC_API_URL: gateway.url });
  return {
    ...gateway,
    request(path, init = {}) {
      const { token, ...rest } = init;
      const headers = new Headers(rest.headers);
      if (token) headers.set('authorization', `Bearer ${token}`);
      return fetch(`${gateway.url}${path}`, { ...rest, headers });
    },
  };
}
