/**
 * The SES emulator (`aws-ses-v2-local`), in this process: it accepts SES v1 and v2
 * sends, shows received mail at its root URL and returns it as JSON at `GET /store`.
 * Its store is per process, so mail from handlers run here lands in it.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import sesModule from 'aws-ses-v2-local';

type ServerFactory = (config: { port: number; host: string }) => Promise<Server>;
// A CommonJS module with `exports.default`: Node hands ESM the exports object, bundlers the function.
const sesServer = ((sesModule as unknown as { default?: ServerFactory }).default ?? sesModule) as ServerFactory;

export interface RunningSesEmulator {
  /** Base URL: the SDK endpoint and the mail viewer. */
  url: string;
  close(): Promise<void>;
}

/** Starts the emulator (port 0: a free port); resolves once it listens. */
export async function startSesEmulator(options: { port?: number; host?: string } = {}): Promise<RunningSesEmulator> {
  const server = await sesServer({ port: options.port ?? 0, host: options.host ?? '127.0.0.1' });
  const { port, address } = server.address() as AddressInfo;
  return {
    url: `http://${address}:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
