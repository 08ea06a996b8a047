/**
 * A minimal HTTPS client for talking to a running sandbox from Node (tests, scripts): connects to 127.0.0.1:PORT
 * and presents the wanted host through SNI and the Host header, accepting the self-signed certificate.
 */
import { Agent, request } from 'node:https';

export interface SandboxResponse {
  status: number;
  headers: Record<string, string>;
  text: string;
  /** The body parsed as JSON; throws when it is not JSON. */
  json<T = unknown>(): T;
}

export interface SandboxRequest {
  method?: string;
  /** Absolute URL naming the host to reach, e.g. https://services.leadconnectorhq.com/contacts/abc */
  url: string;
  headers?: Record<string, string>;
  body?: string;
}

export interface SandboxClient {
  send(req: SandboxRequest): Promise<SandboxResponse>;
  close(): void;
}

const IP = /^\d+\.\d+\.\d+\.\d+$/;

export function createSandboxClient(port: number, options: { maxSockets?: number } = {}): SandboxClient {
  const agent = new Agent({
    keepAlive: true,
    maxSockets: options.maxSockets ?? 32,
    rejectUnauthorized: false,
  });
  return {
    send({ method = 'GET', url, headers = {}, body }) {
      const target = new URL(url);
      return new Promise((resolve, reject) => {
        const outgoing = request(
          {
            host: '127.0.0.1',
            port,
            method,
            path: `${target.pathname}${target.search}`,
            agent,
            servername:
              IP.test(target.hostname) || target.hostname === 'localhost' ? undefined : target.hostname,
            headers: {
              host: target.hostname,
              ...(body === undefined ? {} : { 'content-length': String(Buffer.byteLength(body)) }),
              ...headers,
            },
          },
          (response) => {
            const chunks: Buffer[] = [];
            response.on('data', (chunk: Buffer) => chunks.push(chunk));
            response.on('error', reject);
            response.on('end', () => {
              const text = Buffer.concat(chunks).toString('utf8');
              const flat: Record<string, string> = {};
              for (const [key, value] of Object.entries(response.headers)) {
                if (value !== undefined) flat[key] = Array.isArray(value) ? value.join(', ') : value;
              }
              resolve({
                status: response.statusCode ?? 0,
                headers: flat,
                text,
                json: <T>() => JSON.parse(text) as T,
              });
            });
          },
        );
        outgoing.on('error', reject);
        if (body !== undefined) outgoing.write(body);
        outgoing.end();
      });
    },
    close() {
      agent.destroy();
    },
  };
}
