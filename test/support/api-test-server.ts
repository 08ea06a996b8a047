/**
 * A scriptable HTTP server on 127.0.0.1 for the client's tests (in the manner of ky's own tests): it records
 * every request that arrived, with the time it arrived, and answers as each test tells it to.
 */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ArrivedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: IncomingHttpHeaders;
  body: unknown;
  at: number;
}

export interface Reply {
  status?: number;
  headers?: Record<string, string>;
  /** Sent as JSON. */
  json?: unknown;
  /** Sent as is (wins over json). */
  raw?: string;
  /** Answer after this many milliseconds. */
  delayMs?: number;
  /** Destroy the socket instead of answering. */
  drop?: boolean;
}

export type Handler = (request: ArrivedRequest) => Reply | Promise<Reply>;

export interface TestServer {
  origin: string;
  requests: ArrivedRequest[];
  /** Replaces the handler for the following requests. */
  handle(handler: Handler): void;
  close(): Promise<void>;
}

export async function startTestServer(initial: Handler = () => ({ json: {} })): Promise<TestServer> {
  let handler = initial;
  const requests: ArrivedRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', async () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const text = Buffer.concat(chunks).toString('utf8');
      let body: unknown;
      try {
        body = text ? JSON.parse(text) : undefined;
      } catch {
        body = text;
      }
      const arrived: ArrivedRequest = {
        method: req.method ?? 'GET',
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        headers: req.headers,
        body,
        at: Date.now(),
      };
      requests.push(arrived);
      const reply = await handler(arrived);
      if (reply.delayMs) await new Promise((resolve) => setTimeout(resolve, reply.delayMs));
      if (reply.drop) {
        req.socket.destroy();
        return;
      }
      const payload = reply.raw ?? (reply.json === undefined ? '' : JSON.stringify(reply.json));
      res.writeHead(reply.status ?? 200, { 'content-type': 'application/json', ...reply.headers });
      res.end(payload);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    handle(next) {
      handler = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A token provider that counts its calls and hands out numbered tokens. */
export function countingTokens(prefix = 'tok') {
  const calls = { accessToken: 0, renew: 0 };
  let current = `${prefix}-0000000001`;
  return {
    calls,
    get current() {
      return current;
    },
    provider: {
      async accessToken(_locationId: string) {
        calls.accessToken++;
        return current;
      },
      async renew(_locationId: string, _rejected: string) {
        calls.renew++;
        current = `${prefix}-${String(calls.renew + 1).padStart(10, '0')}`;
        return current;
      },
    },
  };
}
