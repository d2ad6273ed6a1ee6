/**
 * A free TCP port for processes that cannot listen on port 0 themselves (Java's
 * DynamoDB Local, cognito-local). The port is released before the child binds it,
 * so another process could take it in between; on a developer machine or CI runner
 * that race is rare enough, and a failed bind shows up as the child exiting early.
 */
import net from 'node:net';

/** A port that was free a moment ago on `host`. */
export function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, host, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
