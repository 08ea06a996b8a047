/**
 * A stand-in for HighLevel's token endpoint for the broker's tests: checks the client credentials, accepts
 * each issued authorization code once and rotates refresh tokens (each one is good for one refresh).
 */
import { createServer, type IncomingMessage, type RequestListener, type Server } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo } from 'node:net';

export const FAKE_CLIENT_ID = 'fake-client-id';
export const FAKE_CLIENT_SECRET = 'fake-secret-d41d8cd98f00b204e980';
export const FAKE_REDIRECT_URI = 'https://abcdefghijklmnopabcdefghijklmnop.chromiumapp.org/highlevel';
/** The extension origin the brokers under test allow. */
export const FAKE_ORIGIN = 'chrome-extension://abcdefghijklmnopabcdefghijklmnop';

/** A broker's environment for the fake upstream at `tokenUrl`: the fake app, origin and redirect URI. */
export function fakeBrokerEnv(tokenUrl: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    HL_CLIENT_ID: FAKE_CLIENT_ID,
    HL_CLIENT_SECRET: FAKE_CLIENT_SECRET,
    BROKER_ALLOWED_ORIGINS: FAKE_ORIGIN,
    BROKER_REDIRECT_URIS: FAKE_REDIRECT_URI,
    HL_TOKEN_URL: tokenUrl,
    ...extra,
  };
}

export interface FakeReply {
  status: number;
  body: string;
  headers?: Record<string, string>;
  /** Waits this long before answering. */
  delayMs?: number;
}

export interface ReceivedTokenRequest {
  contentType: string | undefined;
  form: Record<string, string>;
}

export interface FakeTokenServer {
  /** The token endpoint's URL. */
  url: string;
  requests: ReceivedTokenRequest[];
  /** Every access and refresh token handed out so far. */
  issuedTokens: string[];
  /** Replaces the endpoint's own logic while set. */
  override: ((form: URLSearchParams) => FakeReply) | null;
  /** Registers a new single-use authorization code, bound to the redirect URI of its consent (default FAKE_REDIRECT_URI). */
  issueCode(redirectUri?: string): string;
  /** Registers a refresh token as the current one, as if an earlier exchange had returned it. */
  issueRefreshToken(): string;
  reset(): void;
  close(): Promise<void>;
}

function json(status: number, body: unknown): FakeReply {
  return { status, body: JSON.stringify(body) };
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Serves HTTPS with `tls` (e.g. a self-signed certificate), HTTP otherwise. */
export async function startFakeTokenServer(tls?: { key: string; cert: string }): Promise<FakeTokenServer> {
  /** Code → the redirect URI it is bound to. */
  const codes = new Map<string, string>();
  const refreshTokens = new Set<string>();
  let counter = 0;
  const nextId = (prefix: string) => `${prefix}-${++counter}-${crypto.randomUUID()}`;

  const issueTokens = (): FakeReply => {
    const accessToken = nextId('access');
    const refreshToken = nextId('refresh');
    refreshTokens.add(refreshToken);
    fake.issuedTokens.push(accessToken, refreshToken);
    return json(200, {
      access_token: accessToken,
      token_type: 'Bearer',
      expires_in: 86399,
      refresh_token: refreshToken,
      scope: 'contacts.readonly contacts.write',
      userType: 'Location',
      locationId: 've9EPM428h8vShlRW1KT',
      companyId: 'Cmp5Rk9dQ2bX8fLz1aWe',
      userId: 'Usr0000000000000001',
      // Fields the broker must not pass on.
      planId: 'plan-1',
      approvedLocations: ['ve9EPM428h8vShlRW1KT'],
      isBulkInstallation: false,
      traceId: 'trace-1',
    });
  };

  const tokenEndpoint = (form: URLSearchParams): FakeReply => {
    if (form.get('client_id') !== FAKE_CLIENT_ID || form.get('client_secret') !== FAKE_CLIENT_SECRET) {
      return json(401, { error: 'invalid_client', error_description: 'Client authentication failed.' });
    }
    const userType = form.get('user_type');
    if (userType !== 'Location' && userType !== 'Company') {
      return json(422, {
        statusCode: 422,
        message: ['user_type must be a valid enum value'],
        error: 'Unprocessable Entity',
      });
    }
    switch (form.get('grant_type')) {
      case 'authorization_code': {
        const code = form.get('code') ?? '';
        const boundTo = codes.get(code);
        if (!codes.delete(code) || form.get('redirect_uri') !== boundTo) {
          return json(400, {
            error: 'invalid_grant',
            error_description: 'Invalid grant: authorization code is invalid',
          });
        }
        return issueTokens();
      }
      case 'refresh_token': {
        const refreshToken = form.get('refresh_token') ?? '';
        if (!refreshTokens.delete(refreshToken)) {
          return json(400, {
            error: 'invalid_grant',
            error_description: 'Invalid grant: refresh token is invalid',
          });
        }
        return issueTokens();
      }
      default:
        return json(400, { error: 'unsupported_grant_type', error_description: 'Unsupported grant type' });
    }
  };

  const listener: RequestListener = async (request, response) => {
    const form = new URLSearchParams(await readBody(request));
    if (request.method !== 'POST' || request.url !== '/oauth/token') {
      response.writeHead(404, { 'Content-Type': 'application/json' }).end('{"message":"Not Found"}');
      return;
    }
    fake.requests.push({ contentType: request.headers['content-type'], form: Object.fromEntries(form) });
    const reply = fake.override ? fake.override(form) : tokenEndpoint(form);
    if (reply.delayMs) await new Promise((resolve) => setTimeout(resolve, reply.delayMs));
    if (response.destroyed) return;
    response
      .writeHead(reply.status, { 'Content-Type': 'application/json', ...reply.headers })
      .end(reply.body);
  };
  const server: Server = tls ? createTlsServer(tls, listener) : createServer(listener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  const fake: FakeTokenServer = {
    url: `${tls ? 'https' : 'http'}://127.0.0.1:${port}/oauth/token`,
    requests: [],
    issuedTokens: [],
    override: null,
    issueCode(redirectUri = FAKE_REDIRECT_URI) {
      const code = nextId('code');
      codes.set(code, redirectUri);
      fake.issuedTokens.push(code);
      return code;
    },
    issueRefreshToken() {
      const refreshToken = nextId('refresh');
      refreshTokens.add(refreshToken);
      fake.issuedTokens.push(refreshToken);
      return refreshToken;
    },
    reset() {
      fake.requests = [];
      fake.override = null;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
  return fake;
}
