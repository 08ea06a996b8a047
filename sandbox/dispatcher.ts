/**
 * For Node code that talks to the sandbox as if it were HighLevel (tests, the client benchmark): an undici
 * dispatcher that connects every request to the sandbox's port on 127.0.0.1 while TLS (SNI) and the Host header
 * keep the real hostname — what --host-resolver-rules does for Chromium. The certificate is the sandbox's own.
 */
import { Agent, buildConnector } from 'undici';

export function sandboxDispatcher(port: number): Agent {
  const connector = buildConnector({ rejectUnauthorized: false });
  return new Agent({
    connect: (options, callback) =>
      connector(
        {
          ...options,
          hostname: '127.0.0.1',
          host: '127.0.0.1',
          port: String(port),
          servername: options.hostname,
        },
        callback,
      ),
  });
}
