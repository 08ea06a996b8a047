/**
 * Runs the broker on Node with @hono/node-server, configured from environment variables (see README.md).
 * Kept apart from main.ts so that tests can start and stop it in-process.
 */
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { BrokerConfigError, createBroker, DEFAULT_TOKEN_URL, isLoopbackHost } from './app.ts';
import { nodeClientAddress } from './client-address.ts';
import { brokerConfigFromEnv } from './config.ts';
import { createInsecureTlsFetch } from './insecure-tls-fetch.ts';

export const DEFAULT_PORT = 8787;
export const DEFAULT_HOST = '127.0.0.1';

export interface RunningBroker {
  /** e.g. `http://127.0.0.1:8787` */
  url: string;
  close(): Promise<void>;
}

export interface BrokerOutput {
  info(message: string): void;
  warn(message: string): void;
}

function parsePort(value: string | undefined): number {
  if (value === undefined || value.trim() === '') return DEFAULT_PORT;
  const port = Number(value);
  if (!/^\d+$/.test(value.trim()) || port > 65_535) {
    throw new BrokerConfigError('BROKER_PORT', 'must be a port number (0..65535).');
  }
  return port;
}

/** Starts the broker; throws a BrokerConfigError naming the variable when the environment is incomplete. */
export async function startNodeBroker(
  env: Readonly<Record<string, string | undefined>>,
  output: BrokerOutput = console,
): Promise<RunningBroker> {
  const config = brokerConfigFromEnv(env);
  const port = parsePort(env.BROKER_PORT);
  const host = env.BROKER_HOST?.trim() || DEFAULT_HOST;
  const insecureTls = env.BROKER_INSECURE_TLS?.trim() ?? '';
  if (insecureTls !== '' && insecureTls !== '0' && insecureTls !== '1') {
    throw new BrokerConfigError('BROKER_INSECURE_TLS', 'must be 0 or 1.');
  }
  if (insecureTls === '1') {
    // Certificate checks are what keep the client secret from an impostor: only a local sandbox is exempt.
    const tokenUrl = config.tokenUrl === undefined ? undefined : new URL(config.tokenUrl);
    if (tokenUrl === undefined || !isLoopbackHost(tokenUrl.hostname)) {
      throw new BrokerConfigError(
        'BROKER_INSECURE_TLS',
        'is only allowed with an HL_TOKEN_URL on a loopback host (127.0.0.1, localhost, [::1]).',
      );
    }
    output.warn(
      `WARNING: BROKER_INSECURE_TLS=1: TLS certificates of ${tokenUrl.host} are NOT verified. ` +
        'Use this only with the local sandbox.',
    );
    config.fetch = createInsecureTlsFetch();
  }
  config.clientAddress = nodeClientAddress;
  const app = createBroker(config);

  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const started = serve({ fetch: app.fetch, port, hostname: host }, () => resolve(started));
    started.once('error', reject);
  });
  if ('requestTimeout' in server) {
    // A token request is a few hundred bytes: slow senders are cut off long before Node's 5-minute default.
    server.requestTimeout = 15_000;
    server.headersTimeout = 10_000;
  }
  const address = server.address() as AddressInfo;
  const url = `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`;
  const tokenEndpoint = new URL(config.tokenUrl ?? DEFAULT_TOKEN_URL);
  output.info(
    `Token broker listening on ${url} (token endpoint ${tokenEndpoint.origin}${tokenEndpoint.pathname}, ` +
      `${config.allowedOrigins.length} allowed origin(s)).`,
  );
  return {
    url,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        if ('closeAllConnections' in server) server.closeAllConnections();
      }),
  };
}
