/**
 * The host permissions in Firefox, production build against the sandbox. Firefox (MV3) installs the add-on
 * without them when `extensions.originControls.grantByDefault` is off, and the user may revoke them at any time:
 * the options page and the popup then say so in one sentence, "Allow access" (a real click) grants them, and the
 * sidebar says so too. `permissions.remove` evaluated in an extension page stands in for the user revoking.
 * (Firefox only: Chromium refuses to remove required host permissions, so this cannot be staged there.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HIGHLEVEL_API_MATCH, HOST_PERMISSIONS } from '../../lib/hosts.ts';
import { demoPerson, SANDBOX_PITS } from '../../sandbox/fixtures.ts';
import { openFirefoxWorld } from '../../scripts/drive/firefox.ts';
import { connectWithPit } from '../../scripts/drive/steps.ts';
import type { DriverPage, DriverWorld, Surface } from '../../scripts/drive/types.ts';

const ana = demoPerson('ana');
const ANA = `https://app.gleantap.com/contacts/${ana.gleantap?.id}`;
const SENTENCE = 'The browser has not given HighLevel Sidebar access to HighLevel and your CRM sites';
const ALL = [...HOST_PERMISSIONS];
const NOTICE = '[data-testid="host-access"]';

type Permissions = {
  contains(p: { origins: string[] }): Promise<boolean>;
  remove(p: { origins: string[] }): Promise<boolean>;
  request(p: { origins: string[] }): Promise<boolean>;
};

/** What the browser grants, read in an extension page. */
const granted = (page: Surface, origins: string[]) =>
  page.evaluate(
    (list) =>
      (globalThis as unknown as { browser: { permissions: Permissions } }).browser.permissions.contains({
        origins: list,
      }),
    origins,
  );

/** The user revokes, in the browser's settings. */
const revoke = (page: Surface, origins: string[]) =>
  page.evaluate(
    (list) =>
      (globalThis as unknown as { browser: { permissions: Permissions } }).browser.permissions.remove({
        origins: list,
      }),
    origins,
  );

describe('the host permissions in Firefox', () => {
  let world: DriverWorld;
  let options: DriverPage;
  beforeAll(async () => {
    world = await openFirefoxWorld({
      connect: null,
      firefoxPrefs: {
        'extensions.originControls.grantByDefault': false,
        'extensions.webextOptionalPermissionPrompts': false,
      },
    });
    options = await world.openExtensionPage('options.html');
  });
  afterAll(async () => world?.close());

  it('installed without them, says so on the options page and in the popup; "Allow access" grants them', async () => {
    expect(await granted(options, ALL)).toBe(false);
    expect(await options.text(NOTICE)).toContain(SENTENCE);
    const popup = await world.openExtensionPage('popup.html');
    expect(await popup.text(NOTICE)).toContain(SENTENCE);

    // Connecting says why it cannot, at once, rather than failing on the network.
    const pit = SANDBOX_PITS.mainReadWrite;
    await options.fill('input[name="pit"]', pit.token);
    await options.fill('input[name="locationId"]', pit.locationId);
    await options.click('form:has(input[name="pit"]) button[type="submit"]');
    expect(await options.text('[data-testid="pit-result"]')).toBe(
      'The browser does not let HighLevel Sidebar reach HighLevel: choose "Allow access" to fix it.',
    );

    // Without a click Firefox refuses to ask, prompts off or not; a real click is a user gesture.
    const unasked = await options.evaluate(
      (list) =>
        (globalThis as unknown as { browser: { permissions: Permissions } }).browser.permissions
          .request({ origins: list })
          .then(String, (error: Error) => error.message),
      ALL,
    );
    expect(unasked).toMatch(/user input/);
    expect(await granted(options, ALL)).toBe(false);
    await options.click(`${NOTICE} button`);
    await options.waitFor(NOTICE, { state: 'hidden' });
    expect(await granted(options, ALL)).toBe(true);
    // The popup heard it from the background, without a reload.
    await popup.waitFor(NOTICE, { state: 'hidden' });
    await popup.close();
  });

  it('then connects with a Private Integration Token and shows the contact beside the CRM’s', async () => {
    await connectWithPit(world, SANDBOX_PITS.mainReadWrite);
    const page = await world.newPage();
    await page.goto(ANA);
    await page.sidebar.waitFor({ css: '.hls-card-name', text: 'Ana García' });
    await page.close();
  });

  it('says so again when HighLevel is revoked, in the sidebar too, whose "Allow access" grants it again', async () => {
    const page = await world.newPage();
    await page.goto(ANA);
    await page.sidebar.waitFor({ css: '.hls-card-name', text: 'Ana García' });

    expect(await revoke(options, [HIGHLEVEL_API_MATCH])).toBe(true);
    expect(await options.text(NOTICE)).toContain(SENTENCE);
    // The open sidebar heard it too: it shows the sentence instead of the contact.
    await page.sidebar.waitFor({ css: NOTICE, text: SENTENCE });

    // Firefox gives the sidebar's frame, inside the CRM's page, no permissions API: its "Allow access" opens
    // the settings (a new tab, once the open one is closed), whose "Allow access" asks.
    const api = await page.sidebar.evaluate(
      () => typeof (globalThis as { browser?: { permissions?: unknown } }).browser?.permissions,
    );
    expect(api).toBe('undefined');
    await options.close();
    await page.sidebar.click(`${NOTICE} button`);
    options = await world.waitForPage((url) => url.endsWith('/options.html'));
    await options.click(`${NOTICE} button`);
    await options.waitFor(NOTICE, { state: 'hidden' });
    expect(await granted(options, [HIGHLEVEL_API_MATCH])).toBe(true);
    // The sidebar heard it from the background and shows the contact again, without a reload.
    await page.sidebar.waitFor({ css: '.hls-card-name', text: 'Ana García' });
    await page.close();
  });

  it('says so again when every host is revoked', async () => {
    expect(await revoke(options, ALL)).toBe(true);
    await options.waitFor(NOTICE);
    expect(await granted(options, ALL)).toBe(false);
  });
});
