/** The scenario driver for Chromium: Playwright, the production build loaded with the sandbox's host mapping. */
import type { Frame, Locator, Page } from 'playwright-core';
import { SANDBOX_PITS } from '../../sandbox/fixtures.ts';
import { startSandbox } from '../../sandbox/server.ts';
import { type LaunchedBrowser, launchWithExtension } from '../chromium.ts';
import { sidebar, sidebarFrame } from '../tour.ts';
import { contentWorld } from './content-world.ts';
import { connectWithPit } from './steps.ts';
import type { DriverPage, DriverWorld, Surface, Target, WorldOptions } from './types.ts';

type Root = Pick<Page | Frame, 'locator'>;

function locate(root: Root | Locator, target: Target): Locator {
  return typeof target === 'string'
    ? root.locator(target).first()
    : root.locator(target.css, { hasText: target.text }).first();
}

function surface(root: () => Root | Locator, world: () => Promise<Page | Frame>): Surface {
  return {
    async waitFor(target, options = {}) {
      await locate(root(), target).waitFor({
        state: options.state ?? 'visible',
        timeout: options.timeout ?? 15_000,
      });
    },
    async click(target, options = {}) {
      await locate(root(), target).click({ timeout: options.timeout ?? 15_000 });
    },
    async fill(target, value) {
      await locate(root(), target).fill(value, { timeout: 15_000 });
    },
    async text(target, options = {}) {
      const found = locate(root(), target);
      await found.waitFor({ state: 'attached', timeout: options.timeout ?? 15_000 });
      return (await found.textContent()) ?? '';
    },
    async count(target) {
      const all =
        typeof target === 'string'
          ? root().locator(target)
          : root().locator(target.css, { hasText: target.text });
      return all.count();
    },
    async evaluate(fn, arg) {
      // biome-ignore lint/suspicious/noExplicitAny: Playwright's evaluate overloads do not take a generic pair.
      return (await world()).evaluate(fn as any, arg);
    },
  };
}

export function chromiumPage(page: Page, extensionId: string): DriverPage {
  const bar = sidebar(page);
  return {
    ...surface(
      () => page,
      async () => page,
    ),
    sidebar: surface(
      () => bar,
      () => sidebarFrame(page),
    ),
    async goto(url) {
      await page.goto(url);
    },
    async reload() {
      await page.reload();
    },
    url: () => page.url(),
    async press(key) {
      await page.keyboard.press(key);
    },
    async sidebarAddress() {
      const content = await contentWorld(page, extensionId);
      try {
        return await content.evaluate<string>(`chrome.runtime.getURL('/sidebar-frame.html')`);
      } finally {
        await content.close();
      }
    },
    async frameNamed(name, urlPart, options = {}) {
      const deadline = Date.now() + (options.timeout ?? 15_000);
      for (;;) {
        const frame = page.frames().find((f) => f.name() === name && f.url().includes(urlPart));
        if (frame) {
          await frame.waitForLoadState();
          return surface(
            () => frame,
            async () => frame,
          );
        }
        if (Date.now() > deadline) throw new Error(`No frame ${name} showing ${urlPart}.`);
        await new Promise((done) => setTimeout(done, 100));
      }
    },
    async screenshot(path) {
      await page.screenshot({ path });
    },
    close: () => page.close(),
  };
}

/** A fresh sandbox and Chromium profile with the production build, connected with a sandbox PIT unless told not. */
export async function openChromiumWorld(
  options: WorldOptions = {},
): Promise<DriverWorld & { chromium: LaunchedBrowser }> {
  const { connect = 'mainReadWrite', headless, colorScheme, firefoxPrefs: _, ...sandboxOptions } = options;
  const sandbox = await startSandbox({ port: 0, ...sandboxOptions });
  let browser: LaunchedBrowser;
  try {
    browser = await launchWithExtension({
      hostResolverRules: sandbox.hostResolverRules,
      headless,
      colorScheme,
    });
  } catch (error) {
    await sandbox.close();
    throw error;
  }
  const origin = `chrome-extension://${browser.extensionId}`;
  const world: DriverWorld & { chromium: LaunchedBrowser } = {
    browser: 'chromium',
    chromium: browser,
    sandbox,
    extensionOrigin: origin,
    redirectUri: `https://${browser.extensionId}.chromiumapp.org/oauth`,
    newPage: async () => chromiumPage(await browser.context.newPage(), browser.extensionId),
    async openExtensionPage(path) {
      const page = await browser.context.newPage();
      await page.goto(`${origin}/${path}`);
      return chromiumPage(page, browser.extensionId);
    },
    async waitForPage(match, options = {}) {
      const existing = browser.context.pages().find((p) => match(p.url()));
      const page =
        existing ??
        (await browser.context.waitForEvent('page', {
          predicate: (p) => match(p.url()),
          timeout: options.timeout ?? 15_000,
        }));
      await page.waitForLoadState();
      return chromiumPage(page, browser.extensionId);
    },
    async close() {
      await browser.context.close().catch(() => undefined);
      await sandbox.close();
    },
    closedByUser: () => new Promise<void>((done) => browser.context.on('close', () => done())),
  };
  if (connect) await connectWithPit(world, SANDBOX_PITS[connect]);
  return world;
}
