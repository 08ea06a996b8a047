/**
 * Everything the sandbox holds in memory, shared by the API, token endpoint, consent page and control surface.
 * `store` is replaced on reset, so handlers read `state.store` per request instead of keeping a reference.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FaultRegistry } from './faults.ts';
import type { AuthRegistry } from './ghl/auth.ts';
import type { RateLimiter } from './ghl/ratelimit.ts';
import type { SeedName } from './ghl/seed.ts';
import type { Store } from './ghl/store.ts';
import type { RequestLog, RequestLogEntry } from './requestlog.ts';
import type { DemoSite } from './sites/types.ts';

export interface SandboxConfig {
  /** Delay added to every API-host request (including the token endpoint), in ms. */
  latencyMs: number;
  /** Lifetime of OAuth access tokens issued from now on, in seconds. */
  tokenLifetimeSeconds: number;
  /** Whether 429 answers carry `Retry-After` (HighLevel does not document one). */
  retryAfter: boolean;
  /**
   * Whether a code whose consent carried a `code_challenge` needs its `code_verifier` at the token endpoint, as at
   * an authorization server that supports PKCE (RFC 7636 §4.6). HighLevel documents no PKCE (default false).
   */
  pkceWhenChallenged: boolean;
}

export interface OAuthClient {
  clientId: string;
  clientSecret: string;
}

export interface SandboxState {
  store: Store;
  auth: AuthRegistry;
  limiter: RateLimiter;
  faults: FaultRegistry;
  log: RequestLog;
  config: SandboxConfig;
  oauthClient: OAuthClient;
  sites: DemoSite[];
  seed: SeedName;
  seedNumber: number;
}

/** What each Hono app receives as `c.env` when served by the sandbox. */
export interface SandboxBindings {
  incoming?: IncomingMessage;
  outgoing?: ServerResponse;
  /** The request-log entry of this request, for apps on logged hosts. */
  record?: RequestLogEntry;
}
