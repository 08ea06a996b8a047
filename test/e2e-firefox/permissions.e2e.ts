/**
 * The host permissions in Firefox, production build against the sandbox. Firefox (MV3) installs the add-on
 * without them when `extensions.originControls.grantByDefault` is off, and the user may revoke them at any time:
 * the options page and the popup then say so in one sentence, "Allow access" (a real click) grants them, and the
 * sidebar says so too and asks from its own frame. `permissions.remove` evaluated in an extension page stands in
 * for the user revoking.
 */
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoPerson, SANDBOX_PITS } from '../../sandbox/fixtures.ts';
import {
  connectWithPit,
  type FirefoxWorld,
  openExtensionPage,
  openFirefoxWorld,
  sidebarFrame,
  sidebarShows,
} from './firefox.ts';

const ana = demoPerson('ana');
const SENTENCE = 'The browser has not given HighLevel Sidebar access to HighLevel and your CRM sites';
const HIGHLEVEL = 'https://services.leadconnectorhq.com/*';
const ALL = ['https://*.gestioo.com/*', 'https://app.gleantap.com/*', HIGHLEVEL];

/** The sentence on an extension page, or null once it is gone. */
const notice = (page: Page) =>
  page.evaluate(() => document.querySelector('[data-testid="host-access"]')?.textContent ?? null);

const waitForNotice = (page: Page, shown: boolean) =>
  page.waitForFunction(
    (want) => !!document.querySelector('[data-testid="host-access"]') === want,
    { timeout: 15_000 },
    shown,
  );

/** What the browser grants, read in an extension page. */
const granted = (page: Page, origins: string[]) =>
  page.evaluate(
    (list) =>
      (
        globalThis as unknown as {
          browser: { permissions: { contains(p: { origins: string[] }): Promise<boolean> } };
        }
      ).browser.permissions.contains({ origins: list }),
    origins,
  );

/** The user revokes, in the browser's settings. */
const revoke = (page: Page, origins: string[]) =>
  page.evaluate(
    (list) =>
      (
        globalThis as unknown as {
          browser: { permissions: { remove(p: { origins: string[] }): Promise<boolean> } };
        }
      ).browser.permissions.remove({ origins: list }),
    origins,
  );

/** The extension page `path` that opened since `before` (BiDi names extension pages about:blank: ask them). */
async function newExtensionPage(world: FirefoxWorld, before: Set<Page>, path: string): Promise<Page> {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    for (const page of await world.browser.pages()) {
      if (before.has(page)) continue;
      const href = await page.evaluate(() => location.href).catch(() => '');
      if (href.endsWith(path)) return page;
    }
    await new Promise((done) => setTimeout(done, 100));
  }
  throw new Error(`${path} never opened.`);
}

describe('the host permissions in Firefox', () => {
  let world: FirefoxWorld;
  let options: Page;
  beforeAll(async () => {
    world = await openFirefoxWorld(null, { hostPermissions: false });
    options = await openExtensionPage(world, 'options.html');
  });
  afterAll(async () => world?.close());

  it('installed without them, says so on the options page and in the popup; "Allow access" grants them', async () => {
    expect(await granted(options, ALL)).toBe(false);
    await waitForNotice(options, true);
    expect(await notice(options)).toContain(SENTENCE);
    const popup = await openExtensionPage(world, 'popup.html');
    await waitForNotice(popup, true);
    expect(await notice(popup)).toContain(SENTENCE);

    // Connecting says why it cannot, at once, rather than failing on the network.
    const pit = SANDBOX_PITS.mainReadWrite;
    await (await options.waitForSelector('input[name="pit"]'))?.type(pit.token);
    await (await options.waitForSelector('input[name="locationId"]'))?.type(pit.locationId);
    await (await options.waitForSelector('form:has(input[name="pit"]) button[type="submit"]'))?.click();
    const result = await options.waitForSelector('[data-testid="pit-result"]', { timeout: 15_000 });
    expect(await result?.evaluate((el) => el.textContent)).toBe(
      'The browser does not let HighLevel Sidebar reach HighLevel: choose "Allow access" to fix it.',
    );

    // Without a click Firefox refuses to ask, prompts off or not; a real click is a user gesture.
    const unasked = await options.evaluate((list) => {
      const api = (
        globalThis as unknown as {
          browser: { permissions: { request(p: { origins: string[] }): Promise<boolean> } };
        }
      ).browser.permissions;
      return api.request({ origins: list }).then(String, (error: Error) => error.message);
    }, ALL);
    expect(unasked).toMatch(/user input/);
    expect(await granted(options, ALL)).toBe(false);
    await (await options.waitForSelector('[data-testid="host-access"] button'))?.click();
    await waitForNotice(options, false);
    expect(await granted(options, ALL)).toBe(true);
    // The popup heard it from the background, without a reload.
    await waitForNotice(popup, false);
    await popup.close();
  });

  it('then connects with a Private Integration Token and shows the contact beside the CRM’s', async () => {
    await connectWithPit(world, SANDBOX_PITS.mainReadWrite);
    const page = await world.newPage();
    await page.goto(`https://app.gleantap.com/contacts/${ana.gleantap?.id}`);
    await sidebarShows(page, 'Ana García');
    await page.close();
  });

  it('says so again when HighLevel is revoked, in the sidebar too, whose "Allow access" grants it again', async () => {
    const page = await world.newPage();
    await page.goto(`https://app.gleantap.com/contacts/${ana.gleantap?.id}`);
    await sidebarShows(page, 'Ana García');

    expect(await revoke(options, [HIGHLEVEL])).toBe(true);
    await waitForNotice(options, true);
    expect(await notice(options)).toContain(SENTENCE);
    // The open sidebar heard it too: it shows the sentence instead of the contact.
    await sidebarShows(page, SENTENCE);

    // Firefox gives the sidebar's frame, inside the CRM's page, no permissions API: its "Allow access" opens
    // the settings (a new tab, once the open one is closed), whose "Allow access" asks.
    const frame = await sidebarFrame(page);
    const api = await frame.evaluate(
      () => typeof (globalThis as { browser?: { permissions?: unknown } }).browser?.permissions,
    );
    expect(api).toBe('undefined');
    await options.close();
    const before = new Set(await world.browser.pages());
    await (await frame.waitForSelector('[data-testid="host-access"] button'))?.click();
    options = await newExtensionPage(world, before, 'options.html');
    await waitForNotice(options, true);
    await (await options.waitForSelector('[data-testid="host-access"] button'))?.click();
    await waitForNotice(options, false);
    expect(await granted(options, [HIGHLEVEL])).toBe(true);
    // The sidebar heard it from the background and shows the contact again, without a reload.
    await sidebarShows(page, 'Ana García');
    await page.close();
  });

  it('says so again when every host is revoked', async () => {
    expect(await revoke(options, ALL)).toBe(true);
    await waitForNotice(options, true);
    expect(await granted(options, ALL)).toBe(false);
  });
});
