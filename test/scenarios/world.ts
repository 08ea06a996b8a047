/**
 * The world a shared scenario runs in: the browser its suite names (`provide: { browser }` in the suite's Vitest
 * config — Chromium in test/e2e, Firefox in test/e2e-firefox), each with the production build for that browser.
 */
import { inject } from 'vitest';
import { type RunningBroker, startNodeBroker } from '../../broker/node-server.ts';
import { SANDBOX_OAUTH_CLIENT } from '../../sandbox/fixtures.ts';
import { openChromiumWorld } from '../../scripts/drive/chromium.ts';
import { openFirefoxWorld } from '../../scripts/drive/firefox.ts';
import type { BrowserName, DriverWorld, Surface, WorldOptions } from '../../scripts/drive/types.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    browser: BrowserName;
  }
}

export const browserName = (): BrowserName => inject('browser');

export function openWorld(options: WorldOptions = {}): Promise<DriverWorld> {
  return browserName() === 'firefox' ? openFirefoxWorld(options) : openChromiumWorld(options);
}

/** HighLevel's API requests in the sandbox's log. */
export const apiRequests = (world: DriverWorld) =>
  world.sandbox.control.requests().filter((r) => r.host === 'services.leadconnectorhq.com');

/** The writes among them (the match's search and the scope probe are reads sent as POST or PUT). */
export const apiWrites = (world: DriverWorld) =>
  apiRequests(world).filter(
    (r) => r.method !== 'GET' && r.path !== '/contacts/search' && !r.path.includes('hlSidebarScopeProbe0'),
  );

export const pause = (ms: number) => new Promise((done) => setTimeout(done, ms));

/** Sends a message to the background from an extension document (an extension page, or the sidebar's frame). */
export function sendFrom(
  where: Pick<Surface, 'evaluate'>,
  type: string,
  data: unknown,
): Promise<{ res?: unknown; err?: unknown }> {
  return where.evaluate(
    ([t, d]) => {
      const api = (globalThis as unknown as { browser?: typeof chrome }).browser ?? chrome;
      return api.runtime.sendMessage({ id: 1, type: t, data: d, timestamp: Date.now() });
    },
    [type, data] as const,
  );
}

/**
 * The token broker as each browser's extension is deployed with it: the sandbox's OAuth app and the extension's
 * one redirect URI (the check that matters). Chromium's origin is known and listed; Firefox's is random per
 * installation, so `moz-extension://*` is allowed and the redirect URI decides.
 */
export function startTestBroker(
  world: Pick<DriverWorld, 'browser' | 'extensionOrigin' | 'redirectUri' | 'sandbox'>,
): Promise<RunningBroker> {
  return startNodeBroker(
    {
      HL_CLIENT_ID: SANDBOX_OAUTH_CLIENT.clientId,
      HL_CLIENT_SECRET: SANDBOX_OAUTH_CLIENT.clientSecret,
      BROKER_ALLOWED_ORIGINS: world.browser === 'firefox' ? 'moz-extension://*' : world.extensionOrigin,
      BROKER_REDIRECT_URIS: world.redirectUri,
      HL_TOKEN_URL: `https://127.0.0.1:${world.sandbox.port}/oauth/token`,
      BROKER_INSECURE_TLS: '1',
      HL_FORWARD_CODE_VERIFIER: '1',
      BROKER_PORT: '0',
    },
    { info: () => undefined, warn: () => undefined },
  );
}
