/**
 * The world a shared scenario runs in: the browser its suite names (`provide: { browser }` in the suite's Vitest
 * config — Chromium in test/e2e, Firefox in test/e2e-firefox), each with the production build for that browser.
 */
import { inject } from 'vitest';
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
